using System.Text.RegularExpressions;

namespace Sluice.Functions.Http;

/// <summary>
/// Zaqar routes a trailing slash as an item with an empty id (§1.1, "Ours: reproduce"): <c>/v2/queues/</c> is a
/// queue with an empty (invalid) name, <c>.../messages/</c> and <c>.../claims/</c> an item that does not exist,
/// anything else unrouted. ASP.NET routing ignores trailing slashes, so these are told apart here.
/// </summary>
internal static partial class EmptySegment
{
    public enum Kind { None, Queue, Message, Claim, Unrouted }

    [GeneratedRegex("^/v2/queues/([^/]+)/(messages|claims)/$")]
    private static partial Regex Item();

    public static Kind Of(PathString path, out string? queue)
    {
        queue = null;
        var p = path.Value ?? "";
        if (p == "/v2") return Kind.Unrouted; // only "/v2/" is the home document (§1.1)
        if (p.Length < 2 || p[^1] != '/' || p == "/v2/") return Kind.None;
        if (p == "/v2/queues/") return Kind.Queue;
        var m = Item().Match(p);
        if (!m.Success) return Kind.Unrouted;
        queue = Uri.UnescapeDataString(m.Groups[1].Value);
        return m.Groups[2].Value == "messages" ? Kind.Message : Kind.Claim;
    }

    /// <summary>The answer for an empty message or claim id, once the hooks passed: it never exists.</summary>
    public static async Task Answer(HttpContext context, Kind kind, string queue, string project)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsDelete(method))
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }
        else if (HttpMethods.IsGet(method) || (kind == Kind.Claim && HttpMethods.IsPatch(method)))
        {
            var what = kind == Kind.Message ? "Message" : "Claim";
            await ApiError.Write(context, 404, ApiError.NotFound, $"{what}  does not exist in queue {queue} for project {project}");
        }
        else
        {
            context.Response.Headers.Allow = kind == Kind.Message ? "DELETE, GET, OPTIONS" : "DELETE, GET, OPTIONS, PATCH";
            await ApiError.Write(context, 405, "405 Method Not Allowed", null);
        }
    }
}
