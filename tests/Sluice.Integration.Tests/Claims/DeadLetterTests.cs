using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Claims;

/// <summary>Claim counting and the dead-letter queue (contract §7.1, §7.2).</summary>
public sealed class DeadLetterTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_max_claim_count_2_and_a_dlq_When_claimed_three_times_Then_delivered_twice_and_moved_on_the_third()
    {
        using var api = app.Api();
        var (q, dlq) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        await api.CreateQueue(q, $$"""{"_max_claim_count": 2, "_dead_letter_queue": "{{dlq}}"}""");
        var id = await api.PostOne(q, """{"body":{"poison":"é"}}""");
        for (var delivery = 0; delivery < 2; delivery++)
        {
            var (claim, messages) = await api.Claim(q);
            Assert.Equal([id], MessageWire.Ids(messages));
            Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/claims/{claim}")).Status);
        }
        var third = await api.Post($"/v2/queues/{q}/claims");
        Assert.Equal(HttpStatusCode.NoContent, third.Status);
        Assert.Equal(0, await api.Total(q));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{q}/messages/{id}")).Status);
        var queues = await api.Get("/v2/queues");
        Assert.Contains(dlq, queues.Json!["queues"]!.AsArray().Select(x => x!["name"]!.GetValue<string>()));
        var moved = await api.Get($"/v2/queues/{dlq}/messages/{id}");
        Assert.Equal(HttpStatusCode.OK, moved.Status);
        Assert.Contains("\"body\":{\"poison\":\"é\"}", moved.Body, StringComparison.Ordinal);
        Assert.Equal([id], await api.ListIds(dlq));
        var popped = await api.Delete($"/v2/queues/{dlq}/messages?pop=1");
        Assert.Equal(2, MessageWire.Number(popped.Json!["messages"]![0], "claim_count"));
    }

    [Fact]
    public async Task Given_a_moved_message_When_claimed_in_the_dlq_Then_it_is_free_at_once()
    {
        using var api = app.Api();
        var (q, dlq) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        await api.CreateQueue(q, $$"""{"_max_claim_count": 1, "_dead_letter_queue": "{{dlq}}"}""");
        var id = await api.PostOne(q, """{"body":1}""");
        await api.Claim(q, ttl: 600);
        app.Clock.Advance(TimeSpan.FromSeconds(600));
        Assert.Null((await api.Claim(q, ttl: 600)).ClaimId);
        var (claim, messages) = await api.Claim(dlq);
        Assert.NotNull(claim);
        Assert.Equal([id], MessageWire.Ids(messages));
    }

    [Fact]
    public async Task Given_an_existing_dlq_When_a_message_moves_Then_it_joins_the_dlq_after_its_own_messages()
    {
        using var api = app.Api();
        var (q, dlq) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        var earlier = await api.PostMessages(dlq, "\"already there\"");
        await api.CreateQueue(q, $$"""{"_max_claim_count": 1, "_dead_letter_queue": "{{dlq}}"}""");
        var (poison, healthy) = (await api.PostOne(q, """{"body":"poison"}"""), await api.PostOne(q, """{"body":"healthy"}"""));
        var (claim, _) = await api.Claim(q, limit: 1);
        await api.Delete($"/v2/queues/{q}/claims/{claim}");
        var (_, next) = await api.Claim(q);
        Assert.Equal([healthy], MessageWire.Ids(next));
        Assert.Equal([earlier[0], poison], await api.ListIds(dlq));
    }

    [Fact]
    public async Task Given_dead_letter_ttl_When_a_message_moves_Then_its_ttl_is_replaced()
    {
        using var api = app.Api();
        var (q, dlq) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        await api.CreateQueue(q, $$"""{"_max_claim_count": 1, "_dead_letter_queue": "{{dlq}}", "_dead_letter_queue_messages_ttl": 120}""");
        var id = await api.PostOne(q, """{"body":1,"ttl":3600}""");
        var (claim, _) = await api.Claim(q);
        await api.Delete($"/v2/queues/{q}/claims/{claim}");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Null((await api.Claim(q)).ClaimId);
        var moved = await api.Get($"/v2/queues/{dlq}/messages/{id}");
        Assert.Equal(120, MessageWire.Number(moved.Json, "ttl"));
        Assert.Equal(30, MessageWire.Number(moved.Json, "age"));
    }

    [Fact]
    public async Task Given_no_dead_letter_ttl_When_a_message_moves_Then_it_keeps_its_ttl()
    {
        using var api = app.Api();
        var (q, dlq) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        await api.CreateQueue(q, $$"""{"_max_claim_count": 1, "_dead_letter_queue": "{{dlq}}"}""");
        var id = await api.PostOne(q, """{"body":1,"ttl":3000}""");
        var (claim, _) = await api.Claim(q);
        await api.Delete($"/v2/queues/{q}/claims/{claim}");
        Assert.Null((await api.Claim(q)).ClaimId);
        Assert.Equal(3000, MessageWire.Number((await api.Get($"/v2/queues/{dlq}/messages/{id}")).Json, "ttl"));
    }

    [Theory]
    [InlineData("{\"_max_claim_count\": 1}")]
    [InlineData("{\"_dead_letter_queue\": \"dlq-only\"}")]
    [InlineData("{}")]
    public async Task Given_not_both_dlq_keys_When_claimed_repeatedly_Then_claim_count_stays_0_and_nothing_moves(string metadata)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.CreateQueue(q, metadata);
        var id = await api.PostOne(q, """{"body":1}""");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var (claim, messages) = await api.Claim(q);
            Assert.Equal([id], MessageWire.Ids(messages));
            await api.Delete($"/v2/queues/{q}/claims/{claim}");
        }
        var popped = await api.Delete($"/v2/queues/{q}/messages?pop=1");
        Assert.Equal(id, popped.Json!["messages"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(0, MessageWire.Number(popped.Json!["messages"]![0], "claim_count"));
        Assert.Equal(0, await api.Total("dlq-only"));
    }
}
