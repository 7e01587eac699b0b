using System.Text;

namespace Sluice.Infra.Diagnostics;

/// <summary>Text a client chose (a tenant id, a path), made safe for a log line.</summary>
public static class LogText
{
    /// <summary>The longest text written as is; longer text is cut and marked.</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// An exception as one safe line: its type and message, then its causes' (at most four), without a stack trace. Its
    /// text may quote what a client chose (a subscriber's host), so it is made <see cref="Safe"/>.
    /// </summary>
    public static string Describe(Exception exception)
    {
        var parts = new List<string>();
        for (var e = exception; e is not null && parts.Count < 4; e = e.InnerException) parts.Add($"{e.GetType().Name}: {e.Message}");
        return Safe(string.Join(" <- ", parts));
    }

    /// <summary>
    /// Visible ASCII and spaces pass; every other character (line breaks, terminal escapes, non-ASCII) is written as a
    /// <c>\uXXXX</c> escape, so a value cannot forge a log line or a terminal sequence; over 256 characters it is cut.
    /// </summary>
    public static string Safe(string? text)
    {
        if (text is null) return "";
        var span = text.AsSpan(0, Math.Min(text.Length, MaxLength));
        if (!span.ContainsAnyExceptInRange(' ', '~') && !span.Contains('\\') && span.Length == text.Length) return text;
        var safe = new StringBuilder(span.Length + 16);
        foreach (var c in span)
        {
            if (c is >= ' ' and <= '~' && c != '\\') safe.Append(c);
            else safe.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
        }
        if (span.Length < text.Length) safe.Append(System.Globalization.CultureInfo.InvariantCulture, $"… ({text.Length} characters)");
        return safe.ToString();
    }
}
