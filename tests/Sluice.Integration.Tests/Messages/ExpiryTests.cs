using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>Message and claim expiry as every read sees it, without waiting for a sweep (contract §8 items 4–6).</summary>
public sealed class ExpiryTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_message_ttl_60_When_59s_pass_Then_it_is_still_visible_everywhere()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var id = await api.PostOne(q, """{"body":1,"ttl":60}""");
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        var item = await api.Get($"/v2/queues/{q}/messages/{id}");
        Assert.Equal(HttpStatusCode.OK, item.Status);
        Assert.Equal(59, MessageWire.Number(item.Json, "age"));
        Assert.Equal([id], await api.ListIds(q));
        Assert.Equal(HttpStatusCode.OK, (await api.Get($"/v2/queues/{q}/messages?ids={id}")).Status);
        Assert.Equal(1, await api.Total(q));
        Assert.Equal([id], MessageWire.Ids((await api.Claim(q)).Messages));
    }

    [Fact]
    public async Task Given_message_ttl_60_When_60s_pass_Then_it_is_gone_from_list_get_ids_claim_and_stats()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var id = await api.PostOne(q, """{"body":1,"ttl":60}""");
        var keeper = await api.PostOne(q, """{"body":2,"ttl":3600}""");
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal([keeper], await api.ListIds(q, "echo=true&include_claimed=true&include_delayed=true"));
        var item = await api.Get($"/v2/queues/{q}/messages/{id}");
        MessageWire.Error(item, HttpStatusCode.NotFound, "Not found", $"Message {id} does not exist in queue {q} for project {api.Project}");
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{q}/messages?ids={id}")).Status);
        var stats = await api.Stats(q);
        Assert.Equal((0, 1, 1), (MessageWire.Number(stats, "claimed"), MessageWire.Number(stats, "free"), MessageWire.Number(stats, "total")));
        Assert.EndsWith(keeper, stats["oldest"]!["href"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal([keeper], MessageWire.Ids((await api.Claim(q)).Messages));
    }

    [Fact]
    public async Task Given_only_expired_messages_When_popped_or_claimed_Then_nothing_is_returned()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostOne(q, """{"body":1,"ttl":60}""");
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        var popped = await api.Delete($"/v2/queues/{q}/messages?pop=5");
        Assert.Empty(popped.Json!["messages"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await api.Post($"/v2/queues/{q}/claims")).Status);
        var stats = await api.Stats(q);
        Assert.Equal(0, MessageWire.Number(stats, "total"));
        Assert.Null(stats["oldest"]);
        Assert.Null(stats["newest"]);
    }

    [Fact]
    public async Task Given_claim_ttl_60_When_60s_pass_Then_its_messages_are_free_again()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2");
        var (claim, _) = await api.Claim(q, ttl: 60);
        Assert.Empty(await api.List(q));
        Assert.Equal(2, MessageWire.Number(await api.Stats(q), "claimed"));
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        var stats = await api.Stats(q);
        Assert.Equal((0, 2), (MessageWire.Number(stats, "claimed"), MessageWire.Number(stats, "free")));
        var listed = await api.List(q);
        Assert.Equal(ids, MessageWire.Ids(listed));
        Assert.All(listed, m => Assert.DoesNotContain("claim_id", MessageWire.Href(m!), StringComparison.Ordinal));
        Assert.DoesNotContain("claim_id", MessageWire.Href((await api.Get($"/v2/queues/{q}/messages/{ids[0]}")).Json!), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{q}/claims/{claim}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/messages/{ids[0]}")).Status);
        Assert.Equal([ids[1]], MessageWire.Ids((await api.Claim(q)).Messages));
    }
}
