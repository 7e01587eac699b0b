using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.Functions.Endpoints;

/// <summary>
/// The JSON-Home document of GET /v2/ (contract §3.2). First Zaqar's relations (zaqar/transport/wsgi/v2_0/homedoc.py,
/// admin resources included, as health is served) for every resource Sluice serves, under Zaqar's names, variables
/// and hints; then Sluice's own relations. Zaqar's pools and flavors are left out: they are not served.
/// Where Zaqar's entry misdescribes what its own handlers take, ours says what is served: message_delete names its
/// variable claim_id (Zaqar: "claim", which no handler reads), ping allows HEAD, and templates carry the query
/// parameters the handlers read beyond Zaqar's list (with_count, name, include_delayed, and the extension wait).
/// Every template resolves to a route (HomeDocumentTests).
/// </summary>
internal static partial class HomeDocument
{
    public static readonly string Json = Build();

    private static string Build()
    {
        var resources = new JsonObject
        {
            ["rel/queues"] = Entry("/v2/queues{?marker,limit,detailed,with_count,name}", ["GET"], limit: "queue_limit"),
            ["rel/queue"] = Entry("/v2/queues/{queue_name}", ["GET", "PUT", "DELETE", "PATCH"]),
            ["rel/queue_stats"] = Entry("/v2/queues/{queue_name}/stats", ["GET"]),
            ["rel/queue_purge"] = Entry("/v2/queues/{queue_name}/purge", ["POST"], acceptPost: true),
            ["rel/queue_share"] = Entry("/v2/queues/{queue_name}/share", ["POST"], acceptPost: true),

            ["rel/messages"] = Entry("/v2/queues/{queue_name}/messages{?marker,limit,echo,include_claimed,include_delayed,wait}", ["GET"],
                limit: "messages_limit"),
            ["rel/post_messages"] = Entry("/v2/queues/{queue_name}/messages", ["POST"], acceptPost: true),
            ["rel/messages_delete"] = Entry("/v2/queues/{queue_name}/messages{?ids,pop}", ["DELETE"]),
            ["rel/message_delete"] = Entry("/v2/queues/{queue_name}/messages/{message_id}{?claim_id}", ["DELETE"]),
            ["rel/message_get"] = Entry("/v2/queues/{queue_name}/messages/{message_id}", ["GET"]),

            ["rel/claim"] = Entry("/v2/queues/{queue_name}/claims/{claim_id}", ["GET"]),
            ["rel/post_claim"] = Entry("/v2/queues/{queue_name}/claims{?limit,wait}", ["POST"], limit: "claim_limit", acceptPost: true),
            // Zaqar's hint for a PATCH, kept as it is.
            ["rel/patch_claim"] = Entry("/v2/queues/{queue_name}/claims/{claim_id}", ["PATCH"], acceptPost: true),
            ["rel/delete_claim"] = Entry("/v2/queues/{queue_name}/claims/{claim_id}", ["DELETE"]),

            ["rel/subscriptions_get"] = Entry("/v2/queues/{queue_name}/subscriptions{?marker,limit}", ["GET"], limit: "subscription_limit"),
            ["rel/subscriptions_post"] = Entry("/v2/queues/{queue_name}/subscriptions", ["POST"], acceptPost: true),
            ["rel/subscription"] = Entry("/v2/queues/{queue_name}/subscriptions/{subscriptions_id}", ["GET", "DELETE"]),
            ["rel/subscription_patch"] = Entry("/v2/queues/{queue_name}/subscriptions/{subscriptions_id}", ["PATCH"], acceptPost: true),

            ["rel/ping"] = Entry("/v2/ping", ["GET", "HEAD"]),
            ["rel/health"] = new JsonObject { ["href"] = "/v2/health", ["hints"] = Hints(["GET"], false, Formats.Json) },

            // Served by Zaqar too, but not in its document.
            ["rel/messages_get_by_ids"] = Entry("/v2/queues/{queue_name}/messages{?ids}", ["GET"]),
            ["rel/subscription_confirm"] = Entry("/v2/queues/{queue_name}/subscriptions/{subscriptions_id}/confirm", ["PUT"]),
            // Sluice's extensions (README "Extensions beyond Zaqar").
            ["rel/queue_events"] = Entry("/v2/queues/{queue_name}/events{?after,limit,wait}", ["GET"], limit: "events_limit", formats: Formats.Events),
            ["rel/events"] = Entry("/v2/events{?after,limit,wait}", ["GET"], limit: "events_limit", formats: Formats.Events),
            ["rel/message_history"] = Entry("/v2/queues/{queue_name}/messages/{message_id}/history", ["GET"]),
        };
        return new JsonObject { ["resources"] = resources }.ToJsonString();
    }

    private enum Formats { Json, Events }

    /// <summary>
    /// A templated relation. Its href-vars are the template's variables, in order, each <c>param/&lt;name&gt;</c>
    /// except <c>limit</c>, which Zaqar names per resource (<paramref name="limit"/>). Zaqar leaves href-vars out
    /// when there are none (ping).
    /// </summary>
    private static JsonObject Entry(string template, string[] allow, string? limit = null, bool acceptPost = false, Formats formats = Formats.Json)
    {
        var entry = new JsonObject { ["href-template"] = template };
        var vars = new JsonObject();
        foreach (var name in Variables(template)) vars[name] = "param/" + (name == "limit" && limit is not null ? limit : name);
        if (vars.Count > 0) entry["href-vars"] = vars;
        entry["hints"] = Hints(allow, acceptPost, formats);
        return entry;
    }

    private static JsonObject Hints(string[] allow, bool acceptPost, Formats formats)
    {
        var hints = new JsonObject
        {
            ["allow"] = new JsonArray([.. allow.Select(a => (JsonNode?)a)]),
            ["formats"] = formats == Formats.Events
                ? new JsonObject { ["application/json"] = new JsonObject(), ["text/event-stream"] = new JsonObject() }
                : new JsonObject { ["application/json"] = new JsonObject() },
        };
        if (acceptPost) hints["accept-post"] = new JsonArray("application/json");
        return hints;
    }

    /// <summary>The variable names of an RFC 6570 template such as <c>/a/{x}{?y,z}</c>: x, y, z.</summary>
    private static IEnumerable<string> Variables(string template) =>
        Expression().Matches(template).SelectMany(m => m.Groups[1].Value.Split(','));

    [GeneratedRegex(@"\{[?&]?([^}]*)\}")]
    private static partial Regex Expression();
}
