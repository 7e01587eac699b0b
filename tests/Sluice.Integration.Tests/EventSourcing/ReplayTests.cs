using System.Net;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sluice.Domain.Expiry;
using Sluice.Infra.Postgres;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.EventSourcing;

/// <summary>
/// Events are the source of truth (DESIGN §4): dropping the projection tables and replaying the log gives back
/// every queue, message and claim row exactly, and the API answers the same.
/// </summary>
public sealed class ReplayTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_a_busy_history_When_projections_are_dropped_and_replayed_Then_every_row_and_answer_is_identical()
    {
        var project = "replay-" + Guid.NewGuid().ToString("N")[..8];
        using var api = app.Api(project);
        await Arrange(api);
        var queues = new[] { "orders", "orders-dlq", "delayed", "plain-delayed", "gone-soon", "purged" };
        var before = await Snapshot();
        var answersBefore = await Answers(api, queues);

        var replayed = await app.Services.GetRequiredService<ProjectionRebuilder>().Rebuild(CancellationToken.None);

        Assert.True(replayed > 20, $"replayed only {replayed} events");
        Assert.Equal(before, await Snapshot());
        Assert.Equal(answersBefore, await Answers(api, queues));
    }

    /// <summary>Every kind of event: create, metadata, posts, claims, renewals, releases, deletes, pops, dead-lettering, expiry, purge, delete.</summary>
    private async Task Arrange(Api api)
    {
        Assert.Equal(HttpStatusCode.Created, (await api.Put("/v2/queues/orders", "{\"_max_claim_count\":1,\"_dead_letter_queue\":\"orders-dlq\",\"_dead_letter_queue_messages_ttl\":600,\"team\":\"x\"}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Patch("/v2/queues/orders", "[{\"op\":\"add\",\"path\":\"/metadata/owner\",\"value\":\"ops\"}]")).Status);
        var ids = await api.PostMessages("orders", "{\"n\":1}", "[1,2]", "\"three\"", "4", "true", "null", "{\"n\": 7 }");
        var (first, _) = await api.Claim("orders", limit: 2, ttl: 120, grace: 90);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Patch($"/v2/queues/orders/claims/{first}", "{\"ttl\":200,\"grace\":100}", "application/json")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/orders/messages/{ids[0]}?claim_id={first}")).Status);
        var (second, _) = await api.Claim("orders", limit: 1);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/orders/claims/{second}")).Status);
        await api.Claim("orders", limit: 2); // the released message has been claimed once already: it moves to the DLQ
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/orders/messages?ids={ids[5]}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Delete("/v2/queues/orders/messages?pop=1")).Status);

        await api.Put("/v2/queues/delayed", "{\"_default_message_delay\":30}");
        await api.Post("/v2/queues/delayed/messages", "{\"messages\":[{\"body\":1},{\"body\":2,\"delay\":0},{\"body\":3,\"ttl\":60}]}");
        // A message's own delay on a queue without a default one; still delayed after the clock moves below.
        await api.Post("/v2/queues/plain-delayed/messages", "{\"messages\":[{\"body\":1,\"delay\":900},{\"body\":2}]}");

        await api.Post("/v2/queues/gone-soon/messages", "{\"messages\":[{\"body\":\"short\",\"ttl\":60},{\"body\":\"long\",\"ttl\":3600}]}");
        await api.Claim("gone-soon", limit: 1, ttl: 60, grace: 60);
        app.Clock.Advance(TimeSpan.FromSeconds(200));
        var swept = await app.Services.GetRequiredService<IMediator>().Send(new SweepExpiredCommand(1000));
        Assert.True(swept > 0);

        await api.PostMessages("purged", "1", "2");
        await api.Claim("purged", limit: 1);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Post("/v2/queues/purged/purge", "{\"resource_types\":[\"messages\"]}")).Status);
        await api.PostMessages("deleted", "1");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete("/v2/queues/deleted")).Status);

        // Subscriptions: made, changed, confirmed, deleted, purged.
        var kept = await Subscribe(api, "orders", "http://hooks.example:9/kept", "{\"post_headers\":{\"X-A\":\"1\"}}");
        var moved = await Subscribe(api, "orders", "https://example.com/moved", "{}");
        var gone = await Subscribe(api, "orders", "http://hooks.example:9/gone", "{}");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Patch($"/v2/queues/orders/subscriptions/{moved}", "{\"subscriber\":\"https://example.com/new\",\"ttl\":600}", "application/json")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Put($"/v2/queues/orders/subscriptions/{kept}/confirm", "{\"confirmed\":true}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/orders/subscriptions/{gone}")).Status);
        await Subscribe(api, "purged", "http://hooks.example:9/purged", "{}");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Post("/v2/queues/purged/purge", "{\"resource_types\":[\"subscriptions\"]}")).Status);
    }

    private static async Task<string> Subscribe(Api api, string queue, string subscriber, string options)
    {
        var reply = await api.Post($"/v2/queues/{queue}/subscriptions", $"{{\"subscriber\":\"{subscriber}\",\"options\":{options}}}");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply.Json!["subscription_id"]!.GetValue<string>();
    }

    private async Task<string> Snapshot()
    {
        var parts = await ProjectionRows.Read(app.Schema);
        Assert.True(parts.Count > 10, "the history should leave rows in every projection");
        return string.Join('\n', parts);
    }

    private static async Task<string> Answers(Api api, string[] queues)
    {
        var answers = new List<string> { (await api.Get("/v2/queues?detailed=true&with_count=true")).Body };
        foreach (var q in queues)
        {
            answers.Add((await api.Get($"/v2/queues/{q}/stats")).Body);
            answers.Add((await api.Get($"/v2/queues/{q}/messages?echo=true&include_claimed=true&include_delayed=true")).Body);
            answers.Add((await api.Get($"/v2/queues/{q}/messages?echo=true&include_claimed=true")).Body);
        }
        return string.Join('\n', answers);
    }
}
