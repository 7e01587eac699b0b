namespace Sluice.Functions.Http;

/// <summary>Client-ID parsing as Python's uuid.UUID does it: "urn:", "uuid:", braces and dashes dropped, 32 hex digits.</summary>
internal static class ClientIds
{
    public static bool IsUuid(string value) => Normalize(value) is not null;

    /// <summary>The canonical lowercase 8-4-4-4-12 form, so spellings of one UUID are one client (echo, §8 item 1).</summary>
    public static string? Normalize(string value)
    {
        var s = value.Replace("urn:", "", StringComparison.Ordinal).Replace("uuid:", "", StringComparison.Ordinal)
            .Trim('{', '}').Replace("-", "", StringComparison.Ordinal);
        return s.Length == 32 && Guid.TryParseExact(s, "N", out var g) ? g.ToString("D") : null;
    }
}
