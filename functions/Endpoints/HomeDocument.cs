namespace Sluice.Functions.Endpoints;

/// <summary>The JSON-Home document of GET /v2/ (contract §3.2): one entry per resource.</summary>
internal static class HomeDocument
{
    public static readonly string Json = Build();

    private static string Build()
    {
        (string Rel, string Template, string[] Vars, string[] Allow)[] resources =
        [
            ("queues", "/v2/queues{?marker,limit,detailed,with_count,name}", ["marker", "limit", "detailed", "with_count", "name"], ["GET"]),
            ("queue", "/v2/queues/{queue_name}", ["queue_name"], ["PUT", "GET", "PATCH", "DELETE"]),
            ("queue_stats", "/v2/queues/{queue_name}/stats", ["queue_name"], ["GET"]),
            ("queue_purge", "/v2/queues/{queue_name}/purge", ["queue_name"], ["POST"]),
            ("messages", "/v2/queues/{queue_name}/messages{?marker,limit,echo,include_claimed,include_delayed}",
                ["queue_name", "marker", "limit", "echo", "include_claimed", "include_delayed"], ["GET"]),
            ("post_messages", "/v2/queues/{queue_name}/messages", ["queue_name"], ["POST"]),
            ("messages_get_by_ids", "/v2/queues/{queue_name}/messages{?ids}", ["queue_name", "ids"], ["GET"]),
            ("messages_delete", "/v2/queues/{queue_name}/messages{?ids,pop}", ["queue_name", "ids", "pop"], ["DELETE"]),
            ("message", "/v2/queues/{queue_name}/messages/{message_id}{?claim_id}", ["queue_name", "message_id", "claim_id"], ["GET", "DELETE"]),
            ("claim", "/v2/queues/{queue_name}/claims{?limit}", ["queue_name", "limit"], ["POST"]),
            ("claim_item", "/v2/queues/{queue_name}/claims/{claim_id}", ["queue_name", "claim_id"], ["GET", "PATCH", "DELETE"]),
            ("ping", "/v2/ping", [], ["GET", "HEAD"]),
            ("health", "/v2/health", [], ["GET"]),
        ];
        var root = new System.Text.Json.Nodes.JsonObject();
        var all = new System.Text.Json.Nodes.JsonObject();
        foreach (var (rel, template, vars, allow) in resources)
        {
            var hrefVars = new System.Text.Json.Nodes.JsonObject();
            foreach (var v in vars) hrefVars[v] = $"param/{v}";
            all[$"rel/{rel}"] = new System.Text.Json.Nodes.JsonObject
            {
                ["href-template"] = template,
                ["href-vars"] = hrefVars,
                ["hints"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["allow"] = new System.Text.Json.Nodes.JsonArray([.. allow.Select(a => (System.Text.Json.Nodes.JsonNode?)a)]),
                    ["formats"] = new System.Text.Json.Nodes.JsonObject { ["application/json"] = new System.Text.Json.Nodes.JsonObject() },
                },
            };
        }
        root["resources"] = all;
        return root.ToJsonString();
    }
}
