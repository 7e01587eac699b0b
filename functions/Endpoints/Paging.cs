using System.Text;
using System.Text.Encodings.Web;

namespace Sluice.Functions.Endpoints;

/// <summary>Builds <c>next</c> hrefs: the caller's query repeated with <c>marker</c> replaced (contract §1.7).</summary>
internal static class Paging
{
    public static string Next(HttpRequest request, string marker) => Next(request, "marker", marker);

    /// <summary>The same, for a cursor parameter of another name (event streams page with <c>after</c>).</summary>
    public static string Next(HttpRequest request, string name, string marker)
    {
        var sb = new StringBuilder(request.Path.Value).Append('?');
        foreach (var (key, values) in request.Query)
        {
            if (key == name) continue;
            foreach (var value in values)
            {
                sb.Append(UrlEncoder.Default.Encode(key)).Append('=').Append(UrlEncoder.Default.Encode(value ?? "")).Append('&');
            }
        }
        return sb.Append(name).Append('=').Append(UrlEncoder.Default.Encode(marker)).ToString();
    }
}
