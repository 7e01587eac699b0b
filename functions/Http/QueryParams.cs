using Microsoft.Extensions.Primitives;

namespace Sluice.Functions.Http;

/// <summary>Query parameters as Zaqar reads them: blank is absent, booleans in Falcon's words, lists comma-joined or repeated (§1.8).</summary>
internal static class QueryParams
{
    private static readonly string[] True = ["true", "True", "t", "yes", "y", "1", "on"];
    private static readonly string[] False = ["false", "False", "f", "no", "n", "0", "off"];

    public static string? String(this HttpRequest request, string name)
    {
        var values = request.Query[name];
        return StringValues.IsNullOrEmpty(values) || string.IsNullOrEmpty(values[^1]) ? null : values[^1];
    }

    public static bool Has(this HttpRequest request, string name) => request.String(name) is not null;

    public static bool TryBool(this HttpRequest request, string name, bool fallback, out bool value, out IResult? error)
    {
        value = fallback;
        error = null;
        if (request.String(name) is not { } raw) return true;
        if (Array.IndexOf(True, raw) >= 0) value = true;
        else if (Array.IndexOf(False, raw) >= 0) value = false;
        else error = ApiError.BadRequest(ApiError.InvalidParameter, $"The \"{name}\" parameter is invalid. The value of the parameter must be \"true\" or \"false\".");
        return error is null;
    }

    /// <summary>An integer parameter within 1..<paramref name="max"/> (a range error is Zaqar's "Limit must be..." text).</summary>
    public static bool TryLimit(this HttpRequest request, string name, int fallback, int max, out int value, out IResult? error)
    {
        value = fallback;
        error = null;
        if (request.String(name) is not { } raw) return true;
        if (!long.TryParse(raw, System.Globalization.NumberStyles.AllowLeadingSign, null, out var n))
        {
            error = ApiError.BadRequest(ApiError.InvalidParameter, $"The \"{name}\" parameter is invalid. The value must be an integer.");
            return false;
        }
        if (n < 1 || n > max)
        {
            error = ApiError.Limit(max);
            return false;
        }
        value = (int)n;
        return true;
    }

    /// <summary>All values of a list parameter: <c>ids=a,b</c> is <c>ids=a&amp;ids=b</c>; empty items dropped.</summary>
    public static List<string> List(this HttpRequest request, string name)
    {
        var items = new List<string>();
        foreach (var value in request.Query[name])
        {
            if (value is null) continue;
            foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) items.Add(part);
        }
        return items;
    }
}
