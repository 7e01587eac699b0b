namespace Sluice.Functions.Http;

/// <summary>Client-ID parsing as Python's uuid.UUID does it: "urn:", "uuid:", braces and dashes dropped, 32 hex digits.</summary>
internal static class ClientIds
{
    public static bool IsUuid(string value)
    {
        var s = value.Replace("urn:", "", StringComparison.Ordinal).Replace("uuid:", "", StringComparison.Ordinal)
            .Trim('{', '}').Replace("-", "", StringComparison.Ordinal);
        if (s.Length != 32) return false;
        foreach (var c in s)
        {
            if (!char.IsAsciiHexDigit(c)) return false;
        }
        return true;
    }
}
