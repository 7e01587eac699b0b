namespace Sluice.Infra.Notifications;

/// <summary>
/// Which <c>options.post_headers</c> a subscription may set. A tenant's header must not reshape the request (framing,
/// connection, host) or smuggle a second header line into a connection the dispatcher shares with other tenants.
/// </summary>
public static class PostHeaders
{
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade", "Expect",
    };

    /// <summary>A token name (RFC 9110 §5.6.2) that is not reserved, and a value with no control characters but tab.</summary>
    public static bool IsAllowed(string name, string value) =>
        name.Length is > 0 and <= 256 && name.All(IsTokenChar) && !Reserved.Contains(name)
        && value.Length <= 8192 && !value.Any(c => c < ' ' && c != '\t' || c == '\x7f');

    private static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
