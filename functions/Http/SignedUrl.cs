using System.Security.Cryptography;
using System.Text;

namespace Sluice.Functions.Http;

/// <summary>
/// Pre-signed URLs (contract §7.5): the one place a grant is signed, used by the share route to issue it and by
/// the first request hook to check it, and the key both use.
/// </summary>
internal sealed partial class SignedUrl(byte[]? key, TimeProvider clock)
{
    /// <summary>Zaqar's field separator: the two characters backslash and n (a raw string in zaqar/common/urls.py), not a newline.</summary>
    private const string Separator = "\\n";

    private const string UnresolvedKeyVaultReference = "@Microsoft.KeyVault(";

    /// <summary>False when no key is configured under the Functions host: share is refused and no signature verifies, as in Zaqar.</summary>
    public bool HasKey => key is not null;

    /// <summary>
    /// The configured key (<c>Sluice:SignedUrls:SecretKey</c>). Without one a standalone service makes a random key for
    /// this process, so nothing it signs can be forged; under the Functions host, whose instances come and go and
    /// share requests, a per-process key would make URLs fail at random, so there is none (README "Pre-signed URLs").
    /// </summary>
    public static SignedUrl FromConfiguration(IConfiguration configuration, bool serverless, IServiceProvider services)
    {
        var logger = services.GetRequiredService<ILogger<SignedUrl>>();
        var configured = configuration["Sluice:SignedUrls:SecretKey"];
        // An app setting whose Key Vault reference did not resolve holds the reference text itself: never a key.
        if (configured?.StartsWith(UnresolvedKeyVaultReference, StringComparison.Ordinal) == true)
        {
            LogUnresolved(logger);
            configured = null;
        }
        byte[]? key = string.IsNullOrEmpty(configured) ? null : Encoding.UTF8.GetBytes(configured);
        if (key is null && !serverless)
        {
            key = RandomNumberGenerator.GetBytes(32);
            LogPerProcessKey(logger);
        }
        else if (key is null)
        {
            LogNoKey(logger);
        }
        return new SignedUrl(key, services.GetRequiredService<TimeProvider>());
    }

    /// <summary>
    /// Signs a grant: paths and methods sorted, expiry in UTC at whole seconds, and the lowercase hex HMAC-SHA256 of
    /// <c>paths \n methods \n project \n expires</c> (lists comma-joined).
    /// </summary>
    public SignedGrant Sign(IEnumerable<string> paths, IEnumerable<string> methods, string project, DateTime expires)
    {
        ArgumentNullException.ThrowIfNull(key);
        string[] sortedPaths = [.. paths.Order(StringComparer.Ordinal)];
        string[] sortedMethods = [.. methods.Order(StringComparer.Ordinal)];
        var expiry = SignedExpiry.Normalize(expires);
        var message = string.Join(',', sortedPaths) + Separator + string.Join(',', sortedMethods) + Separator + project + Separator + expiry;
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(message)));
        return new SignedGrant(sortedPaths, sortedMethods, project, expiry, signature);
    }

    /// <summary>Who a signed request is: the signed project (its X-Project-ID, which the signature covers), no roles.</summary>
    public static Auth.Identity Identity { get; } = new(Project: null, Roles: [], Principal: "signed-url");

    /// <summary>Whether the request claims a pre-signed grant: a non-empty URL-Signature (Zaqar ignores an empty one).</summary>
    public static bool IsSigned(HttpRequest request) => request.Headers["URL-Signature"].ToString().Length > 0;

    /// <summary>
    /// The grant a signed request carries when it holds: its method among URL-Methods, its path covered by one of
    /// URL-Paths, URL-Expires in the future, never an admin route, and URL-Signature the signature of those values
    /// with X-Project-ID. Null when anything fails, which the hook answers with a bare 404.
    /// </summary>
    public SignedGrant? Verify(HttpRequest request, bool adminRoute)
    {
        if (key is null || adminRoute) return null;
        var headers = request.Headers;
        // Comma-split as Zaqar splits them, empty entries kept: the signature covers the lists exactly as sent.
        var methods = headers["URL-Methods"].ToString().Split(',');
        var paths = headers["URL-Paths"].ToString().Split(',');
        var project = headers["X-Project-ID"].ToString();
        if (Array.IndexOf(methods, request.Method) < 0) return null;
        var path = request.Path.Value ?? "";
        if (!paths.Any(p => Covers(p, path))) return null;
        // No date takes 64 characters: a longer one is refused before it costs any parsing.
        var rawExpires = headers["URL-Expires"].ToString();
        if (rawExpires.Length > 64 || SignedExpiry.Parse(rawExpires, out var expires) is not null || expires <= clock.GetUtcNow().UtcDateTime) return null;
        // A separator inside a field would let one signed message be read as other fields; no real method, signed
        // path or project holds one, so refusing it leaves each signature exactly one reading.
        if (project.Contains(Separator, StringComparison.Ordinal) || methods.Concat(paths).Any(v => v.Contains(Separator, StringComparison.Ordinal))) return null;
        var grant = Sign(paths, methods, project, expires);
        var sent = Encoding.UTF8.GetBytes(headers["URL-Signature"].ToString());
        return CryptographicOperations.FixedTimeEquals(sent, Encoding.ASCII.GetBytes(grant.Signature)) ? grant : null;
    }

    /// <summary>
    /// Whether a signed path covers the request's path: it is that path or a resource below it, so <c>.../messages</c>
    /// covers <c>.../messages/{id}</c>. Zaqar searches the request path with the signed path as a regular expression;
    /// on every routed path that is this literal test, except that a '.' of a queue name would match any character (a
    /// URL for queue <c>a.b</c> would open queue <c>aXb</c>), which a literal comparison does not copy.
    /// </summary>
    private static bool Covers(string signed, string path) =>
        signed.Length > 0 && path.StartsWith(signed, StringComparison.Ordinal) && (path.Length == signed.Length || path[signed.Length] == '/');

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Sluice:SignedUrls:SecretKey configured: pre-signed URLs use a random key of this process, valid only until it stops and only on it")]
    private static partial void LogPerProcessKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No Sluice:SignedUrls:SecretKey configured: pre-signed URLs are refused")]
    private static partial void LogNoKey(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sluice:SignedUrls:SecretKey is an unresolved Key Vault reference (does the secret exist, may the identity read it?): not used as a key")]
    private static partial void LogUnresolved(ILogger logger);
}

/// <summary>A signed grant as the share route answers it: sorted absolute paths and methods, the project, the normalized expiry.</summary>
internal sealed record SignedGrant(string[] Paths, string[] Methods, string Project, string Expires, string Signature);
