using System.Net;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Domain.Expiry;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.History;

/// <summary>GET /v2/queues/{q}/messages/{id}/history: a message's life from its events, also after it is gone.</summary>
public sealed class MessageHistoryTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_a_message_claimed_released_claimed_renewed_and_deleted_Then_its_history_tells_each_step_after_it_is_gone()
    {
        var clientId = Guid.NewGuid().ToString();
        using var api = app.Api(clientId: clientId);
        using var other = app.Api(project: api.Project);
        var queue = MessageWire.NewQueue();
        var id = await api.PostOne(queue, """{"body":"life","ttl":600}""");
        await api.PostOne(queue, """{"body":"neighbour","ttl":600}""");
        var (first, _) = await other.Claim(queue, limit: 1, ttl: 60, grace: 60);
        Assert.Equal(HttpStatusCode.NoContent, (await other.Delete($"/v2/queues/{queue}/claims/{first}")).Status);
        var (second, held) = await other.Claim(queue, limit: 1, ttl: 120, grace: 90);
        Assert.Equal(HttpStatusCode.NoContent, (await other.Patch($"/v2/queues/{queue}/claims/{second}", """{"ttl":300,"grace":60}""", "application/json")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await other.Delete(held[0]!["href"]!.GetValue<string>())).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{queue}/messages/{id}")).Status);

        var history = await History(api, queue, id);
        Assert.Equal(["posted", "claimed", "released", "claimed", "renewed", "deleted"], Types(history));
        Assert.Equal(clientId, history[0]["client_id"]!.GetValue<string>());
        Assert.Equal(queue, history[0]["queue"]!.GetValue<string>());
        Assert.Equal(600, history[0]["ttl"]!.GetValue<int>());
        Assert.Equal(first, history[1]["claim_id"]!.GetValue<string>());
        Assert.Equal(60, history[1]["ttl"]!.GetValue<int>());
        Assert.Equal(first, history[2]["claim_id"]!.GetValue<string>());
        Assert.Equal(second, history[3]["claim_id"]!.GetValue<string>());
        Assert.Equal(300, history[4]["ttl"]!.GetValue<int>());
        Assert.Equal(second, history[5]["claim_id"]!.GetValue<string>());
        var times = history.Select(h => DateTimeOffset.Parse(h["created"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task Given_a_claim_that_expires_and_a_message_that_expires_Then_the_sweep_shows_in_the_history()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var id = await api.PostOne(queue, """{"body":"brief","ttl":120}""");
        var (claim, _) = await api.Claim(queue, ttl: 60, grace: 60);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var mediator = app.Services.GetRequiredService<IMediator>();
        await mediator.Send(new SweepExpiredCommand(1000));
        app.Clock.Advance(TimeSpan.FromSeconds(120));
        await mediator.Send(new SweepExpiredCommand(1000));

        var history = await History(api, queue, id);
        Assert.Equal(["posted", "claimed", "claim-expired", "expired"], Types(history));
        Assert.Equal(claim, history[2]["claim_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_a_message_moved_to_a_dead_letter_queue_Then_both_queues_show_its_history()
    {
        using var api = app.Api();
        var (queue, dlq) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        await api.CreateQueue(queue, $$"""{"_max_claim_count": 1, "_dead_letter_queue": "{{dlq}}"}""");
        var id = await api.PostOne(queue, """{"body":"poison"}""");
        var (claim, _) = await api.Claim(queue);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{queue}/claims/{claim}")).Status);
        Assert.Null((await api.Claim(queue)).ClaimId);
        var (inDlq, _) = await api.Claim(dlq);

        foreach (var where in new[] { queue, dlq })
        {
            var history = await History(api, where, id);
            Assert.Equal(["posted", "claimed", "released", "dead-lettered", "claimed"], Types(history));
            Assert.Equal(queue, history[3]["from"]!.GetValue<string>());
            Assert.Equal(dlq, history[3]["queue"]!.GetValue<string>());
            Assert.Equal(inDlq, history[4]["claim_id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Unknown_foreign_or_misplaced_messages_have_no_history()
    {
        using var api = app.Api();
        using var stranger = app.Api();
        var queue = MessageWire.NewQueue();
        var id = await api.PostOne(queue, """{"body":1}""");
        string[] paths =
        [
            $"/v2/queues/{queue}/messages/{MessageWire.UnknownId()}/history",
            $"/v2/queues/{queue}/messages/not-an-id/history",
            $"/v2/queues/{MessageWire.NewQueue()}/messages/{id}/history",
        ];
        foreach (var path in paths) Assert.Equal(HttpStatusCode.NotFound, (await api.Get(path)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Get($"/v2/queues/{queue}/messages/{id}/history")).Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Get($"/v2/queues/{queue}/messages/{id}/history")).Status);
    }

    private static async Task<List<JsonNode>> History(Api api, string queue, string id)
    {
        var reply = await api.Get($"/v2/queues/{queue}/messages/{id}/history");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return [.. reply.Json!["history"]!.AsArray().Select(h => h!)];
    }

    private static string[] Types(List<JsonNode> history) => [.. history.Select(h => h["type"]!.GetValue<string>())];
}
