using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Subscriptions;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Health;

/// <summary>
/// GET /v2/ (contract §3.2): Zaqar's home document (zaqar/transport/wsgi/v2_0/homedoc.py with admin_mode) for what
/// Sluice serves, and every template in it routed.
/// </summary>
public sealed partial class HomeDocumentTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    /// <summary>
    /// Zaqar's entries as written there, but: message_delete's variable is claim_id (Zaqar: "claim", which its handler
    /// never reads); subscriptions_post has no "limit" variable its template lacks; ping allows HEAD; and the templates
    /// of queues, messages and post_claim carry the further query parameters the handlers read.
    /// </summary>
    private static readonly JsonObject Zaqar = JsonNode.Parse("""
        {
          "rel/queues": {"href-template": "/v2/queues{?marker,limit,detailed,with_count,name}",
            "href-vars": {"marker": "param/marker", "limit": "param/queue_limit", "detailed": "param/detailed",
                          "with_count": "param/with_count", "name": "param/name"},
            "hints": {"allow": ["GET"], "formats": {"application/json": {}}}},
          "rel/queue": {"href-template": "/v2/queues/{queue_name}", "href-vars": {"queue_name": "param/queue_name"},
            "hints": {"allow": ["GET", "PUT", "DELETE", "PATCH"], "formats": {"application/json": {}}}},
          "rel/queue_stats": {"href-template": "/v2/queues/{queue_name}/stats", "href-vars": {"queue_name": "param/queue_name"},
            "hints": {"allow": ["GET"], "formats": {"application/json": {}}}},
          "rel/queue_purge": {"href-template": "/v2/queues/{queue_name}/purge", "href-vars": {"queue_name": "param/queue_name"},
            "hints": {"allow": ["POST"], "formats": {"application/json": {}}, "accept-post": ["application/json"]}},
          "rel/queue_share": {"href-template": "/v2/queues/{queue_name}/share", "href-vars": {"queue_name": "param/queue_name"},
            "hints": {"allow": ["POST"], "formats": {"application/json": {}}, "accept-post": ["application/json"]}},
          "rel/messages": {"href-template": "/v2/queues/{queue_name}/messages{?marker,limit,echo,include_claimed,include_delayed,wait}",
            "href-vars": {"queue_name": "param/queue_name", "marker": "param/marker", "limit": "param/messages_limit", "echo": "param/echo",
                          "include_claimed": "param/include_claimed", "include_delayed": "param/include_delayed", "wait": "param/wait"},
            "hints": {"allow": ["GET"], "formats": {"application/json": {}}}},
          "rel/post_messages": {"href-template": "/v2/queues/{queue_name}/messages", "href-vars": {"queue_name": "param/queue_name"},
            "hints": {"allow": ["POST"], "formats": {"application/json": {}}, "accept-post": ["application/json"]}},
          "rel/messages_delete": {"href-template": "/v2/queues/{queue_name}/messages{?ids,pop}",
            "href-vars": {"queue_name": "param/queue_name", "ids": "param/ids", "pop": "param/pop"},
            "hints": {"allow": ["DELETE"], "formats": {"application/json": {}}}},
          "rel/message_delete": {"href-template": "/v2/queues/{queue_name}/messages/{message_id}{?claim_id}",
            "href-vars": {"queue_name": "param/queue_name", "message_id": "param/message_id", "claim_id": "param/claim_id"},
            "hints": {"allow": ["DELETE"], "formats": {"application/json": {}}}},
          "rel/message_get": {"href-template": "/v2/queues/{queue_name}/messages/{message_id}",
            "href-vars": {"queue_name": "param/queue_name", "message_id": "param/message_id"},
            "hints": {"allow": ["GET"], "formats": {"application/json": {}}}},
          "rel/claim": {"href-template": "/v2/queues/{queue_name}/claims/{claim_id}",
            "href-vars": {"queue_name": "param/queue_name", "claim_id": "param/claim_id"},
            "hints": {"allow": ["GET"], "formats": {"application/json": {}}}},
          "rel/post_claim": {"href-template": "/v2/queues/{queue_name}/claims{?limit,wait}",
            "href-vars": {"queue_name": "param/queue_name", "limit": "param/claim_limit", "wait": "param/wait"},
            "hints": {"allow": ["POST"], "formats": {"application/json": {}}, "accept-post": ["application/json"]}},
          "rel/patch_claim": {"href-template": "/v2/queues/{queue_name}/claims/{claim_id}",
            "href-vars": {"queue_name": "param/queue_name", "claim_id": "param/claim_id"},
            "hints": {"allow": ["PATCH"], "formats": {"application/json": {}}, "accept-post": ["application/json"]}},
          "rel/delete_claim": {"href-template": "/v2/queues/{queue_name}/claims/{claim_id}",
            "href-vars": {"queue_name": "param/queue_name", "claim_id": "param/claim_id"},
            "hints": {"allow": ["DELETE"], "formats": {"application/json": {}}}},
          "rel/subscriptions_get": {"href-template": "/v2/queues/{queue_name}/subscriptions{?marker,limit}",
            "href-vars": {"queue_name": "param/queue_name", "marker": "param/marker", "limit": "param/subscription_limit"},
            "hints": {"allow": ["GET"], "formats": {"application/json": {}}}},
          "rel/subscriptions_post": {"href-template": "/v2/queues/{queue_name}/subscriptions", "href-vars": {"queue_name": "param/queue_name"},
            "hints": {"allow": ["POST"], "formats": {"application/json": {}}, "accept-post": ["application/json"]}},
          "rel/subscription": {"href-template": "/v2/queues/{queue_name}/subscriptions/{subscriptions_id}",
            "href-vars": {"queue_name": "param/queue_name", "subscriptions_id": "param/subscriptions_id"},
            "hints": {"allow": ["GET", "DELETE"], "formats": {"application/json": {}}}},
          "rel/subscription_patch": {"href-template": "/v2/queues/{queue_name}/subscriptions/{subscriptions_id}",
            "href-vars": {"queue_name": "param/queue_name", "subscriptions_id": "param/subscriptions_id"},
            "hints": {"allow": ["PATCH"], "formats": {"application/json": {}}, "accept-post": ["application/json"]}},
          "rel/ping": {"href-template": "/v2/ping", "hints": {"allow": ["GET", "HEAD"], "formats": {"application/json": {}}}},
          "rel/health": {"href": "/v2/health", "hints": {"allow": ["GET"], "formats": {"application/json": {}}}}
        }
        """)!.AsObject();

    [Fact]
    public async Task Given_headers_When_get_home_Then_json_home_document_cached_for_a_day()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json-home", reply.MediaType());
        Assert.Equal(TimeSpan.FromSeconds(86400), reply.Headers.CacheControl?.MaxAge);
        foreach (var (rel, entry) in reply.Json!["resources"]!.AsObject())
        {
            Assert.StartsWith("rel/", rel, StringComparison.Ordinal);
            Assert.NotEmpty(entry!["hints"]!["allow"]!.AsArray());
            Assert.NotNull(entry["hints"]!["formats"]!["application/json"]);
            Assert.True(entry["href-template"] is not null ^ entry["href"] is not null, rel);
        }
    }

    [Fact]
    public async Task Given_home_document_Then_every_Zaqar_relation_for_a_served_resource_is_there_as_Zaqar_writes_it()
    {
        var resources = await Resources();
        foreach (var (rel, expected) in Zaqar)
        {
            Assert.True(resources.ContainsKey(rel), rel);
            Wire.AssertJson(expected!, resources[rel]);
        }
        // Zaqar's relations for what Sluice does not serve: pools and flavors (admin with pooling).
        foreach (var rel in new[] { "rel/pools", "rel/pool", "rel/flavors", "rel/flavor" }) Assert.False(resources.ContainsKey(rel), rel);
    }

    [Fact]
    public async Task Given_home_document_Then_Sluices_own_relations_are_listed_beside_Zaqars_under_names_Zaqar_does_not_use()
    {
        var resources = await Resources();
        string[] ours = ["rel/messages_get_by_ids", "rel/subscription_confirm", "rel/queue_events", "rel/events", "rel/message_history"];
        string[] expected = [.. Zaqar.Select(p => p.Key), .. ours];
        Assert.Equal(expected.Order(StringComparer.Ordinal), resources.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("/v2/queues/{queue_name}/events{?after,limit,wait}", resources["rel/queue_events"]!["href-template"]!.GetValue<string>());
        Assert.NotNull(resources["rel/events"]!["hints"]!["formats"]!["text/event-stream"]);
        Assert.Equal("/v2/queues/{queue_name}/messages/{message_id}/history", resources["rel/message_history"]!["href-template"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_every_relation_and_allowed_method_When_its_template_is_expanded_and_requested_Then_a_route_answers()
    {
        var resources = await Resources();
        foreach (var (rel, entry) in resources)
        {
            var template = entry!["href-template"]?.GetValue<string>() ?? entry["href"]!.GetValue<string>();
            var variables = Variables(template).ToList();
            var declared = entry["href-vars"]?.AsObject().Select(v => v.Key).ToList() ?? [];
            Assert.Equal(variables, declared);
            foreach (var method in entry["hints"]!["allow"]!.AsArray().Select(m => m!.GetValue<string>()))
            {
                // A fresh queue holding a claimed message and a subscription, so every path names something that exists.
                using var api = app.Api();
                var sample = await Arrange(api);
                var path = Expand(template, sample);
                var request = Wire.Request(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH") request.WithBody("{}");
                var reply = await api.Send(request);
                Assert.True(reply.Status is not (HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed) && (int)reply.Status < 500,
                    $"{rel}: {method} {path} answered {(int)reply.Status} {reply.Body}");
            }
        }
    }

    [Fact]
    public async Task Given_claimed_message_When_message_delete_is_expanded_with_its_claim_id_Then_it_is_deleted_and_without_it_403()
    {
        using var api = app.Api();
        var sample = await Arrange(api);
        var template = (await Resources())["rel/message_delete"]!["href-template"]!.GetValue<string>();
        var unclaimed = new Dictionary<string, string>(sample);
        unclaimed.Remove("claim_id");
        Assert.Equal(HttpStatusCode.Forbidden, (await api.Delete(Expand(template, unclaimed))).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete(Expand(template, sample))).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{sample["queue_name"]}/messages/{sample["message_id"]}")).Status);
    }

    private async Task<JsonObject> Resources()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json!["resources"]!.AsObject();
    }

    /// <summary>Values for the path variables: a queue with one claimed message and one subscription.</summary>
    private static async Task<Dictionary<string, string>> Arrange(Api api)
    {
        var queue = MessageWire.NewQueue();
        var message = (await api.PostMessages(queue, "1"))[0];
        var (claim, _) = await api.Claim(queue);
        var subscription = await api.Subscribe(queue, "https://example.com/hooks/" + queue);
        return new() { ["queue_name"] = queue, ["message_id"] = message, ["claim_id"] = claim!, ["subscriptions_id"] = subscription };
    }

    /// <summary>
    /// RFC 6570 levels 1 and 3 as the document uses them: <c>{x}</c> must have a value, <c>{?x,y}</c> expands the
    /// variables that have one (none: nothing).
    /// </summary>
    private static string Expand(string template, Dictionary<string, string> values) =>
        Expression().Replace(template, m =>
        {
            var names = m.Groups[2].Value.Split(',');
            if (m.Groups[1].Value.Length == 0) return Uri.EscapeDataString(values[names.Single()]);
            var pairs = names.Where(values.ContainsKey).Select(n => $"{n}={Uri.EscapeDataString(values[n])}").ToList();
            return pairs.Count == 0 ? "" : "?" + string.Join('&', pairs);
        });

    private static IEnumerable<string> Variables(string template) => Expression().Matches(template).SelectMany(m => m.Groups[2].Value.Split(','));

    [GeneratedRegex(@"\{(\??)([^}]*)\}")]
    private static partial Regex Expression();
}
