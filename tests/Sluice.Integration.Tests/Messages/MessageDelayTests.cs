using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>
/// A message's own delay on a queue without <c>_default_message_delay</c> (contract §5.1 "Ours", §5.2, §8 item 9):
/// honoured and validated as on a queue with one, where Zaqar drops it.
/// </summary>
public sealed class MessageDelayTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_plain_queue_When_message_posted_with_delay_5_Then_hidden_from_listing_and_claims_until_due()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var delayed = await api.PostOne(q, """{"body":"later","delay":5}""");
        var free = await api.PostOne(q, """{"body":"now"}""");

        Assert.Equal([free], await api.ListIds(q));
        Assert.Equal([delayed, free], await api.ListIds(q, "echo=true&include_delayed=true"));
        Assert.Equal(HttpStatusCode.OK, (await api.Get($"/v2/queues/{q}/messages/{delayed}")).Status);
        Assert.Equal(2, MessageWire.Number(await api.Stats(q), "free"));
        Assert.Equal([free], MessageWire.Ids((await api.Claim(q)).Messages));
        Assert.Null((await api.Claim(q)).ClaimId);
        Assert.Empty((await api.Delete($"/v2/queues/{q}/messages?pop=1")).Json!["messages"]!.AsArray());

        app.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Empty(await api.ListIds(q));
        Assert.Null((await api.Claim(q)).ClaimId);

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal([delayed], await api.ListIds(q));
        Assert.Equal([delayed], MessageWire.Ids((await api.Claim(q)).Messages));
    }

    [Fact]
    public async Task Given_plain_queue_When_message_posted_without_delay_Then_listed_and_claimable_at_once()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2");

        Assert.Equal(ids, await api.ListIds(q));
        Assert.Equal(ids, await api.ListIds(q, "echo=true&include_delayed=false"));
        Assert.Equal(ids, MessageWire.Ids((await api.Claim(q)).Messages));
    }

    [Fact]
    public async Task Given_plain_queue_When_message_posted_with_delay_Then_the_delay_is_in_its_posted_event()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var id = await api.PostOne(q, """{"body":1,"delay":5}""");

        var history = (await api.Get($"/v2/queues/{q}/messages/{id}/history")).Json!["history"]!.AsArray();
        Assert.Equal("posted", history[0]!["type"]!.GetValue<string>());
        Assert.Equal(5, history[0]!["delay"]!.GetValue<int>());
        // The stream shows an event once no older transaction is open; another test's may be: the read waits for it.
        var events = (await api.Get($"/v2/queues/{q}/events?limit=10&wait=5")).Json!["events"]!.AsArray();
        var posted = Assert.Single(events, e => e!["type"]!.GetValue<string>() == "messages-posted");
        Assert.Equal(5, posted!["data"]!["messages"]![0]!["delay"]!.GetValue<int>());
    }
}
