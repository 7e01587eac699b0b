using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>DELETE /v2/queues/{q}/messages?ids= and ?pop= (contract §5.5).</summary>
public sealed class DeleteMessagesTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_claimed_and_free_messages_When_bulk_deleted_by_ids_Then_204_and_all_gone_regardless_of_claims()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2", "3");
        var (claim, _) = await api.Claim(q, limit: 1);
        var reply = await api.Delete($"/v2/queues/{q}/messages?ids={ids[0]},{ids[1]},{MessageWire.UnknownId()},junk");
        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        Assert.Equal([ids[2]], await api.ListIds(q, "echo=true&include_claimed=true"));
        var view = await api.Get($"/v2/queues/{q}/claims/{claim}");
        Assert.True(view.Status == HttpStatusCode.NotFound || view.Json!["messages"]!.AsArray().Count == 0, view.Body);
    }

    [Fact]
    public async Task Given_missing_queue_When_bulk_deleted_Then_204()
    {
        using var api = app.Api();
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{MessageWire.NewQueue()}/messages?ids={MessageWire.UnknownId()}")).Status);
    }

    [Fact]
    public async Task Given_21_ids_When_bulk_deleted_Then_400_and_nothing_deleted()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        var many = string.Join(',', Enumerable.Range(0, 20).Select(_ => MessageWire.UnknownId()).Append(ids[0]));
        MessageWire.Error(await api.Delete($"/v2/queues/{q}/messages?ids={many}"), HttpStatusCode.BadRequest, MessageWire.InvalidApiRequest, MessageWire.LimitRange);
        Assert.Equal(1, await api.Total(q));
    }

    [Fact]
    public async Task Given_ids_and_pop_together_When_deleted_Then_400()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        var reply = await api.Delete($"/v2/queues/{q}/messages?ids={ids[0]}&pop=1");
        MessageWire.Error(reply, HttpStatusCode.BadRequest, null, "pop and id params cannot be present together in the delete request.");
        Assert.Equal(1, await api.Total(q));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?pop=")]
    [InlineData("?ids=")]
    public async Task Given_neither_ids_nor_pop_When_deleted_Then_400(string query)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1");
        var reply = await api.Delete($"/v2/queues/{q}/messages{query}");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.StartsWith("The request should have either \"ids\" or \"pop\" parameter", reply.Description, StringComparison.Ordinal);
        Assert.Equal(1, await api.Total(q));
    }

    [Fact]
    public async Task Given_ids_with_a_blank_pop_When_deleted_Then_the_blank_pop_is_absent_and_ids_are_deleted()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/messages?ids={ids[0]}&pop=")).Status);
        Assert.Equal([ids[1]], await api.ListIds(q));
    }

    [Fact]
    public async Task Given_messages_When_popped_Then_oldest_first_with_claim_id_and_claim_count_and_removed()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "{\"n\":1}", "2", "3");
        app.Clock.Advance(TimeSpan.FromSeconds(4));
        var reply = await api.Delete($"/v2/queues/{q}/messages?pop=2");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(["messages"], reply.Json!.AsObject().Select(p => p.Key));
        var popped = reply.Json!["messages"]!.AsArray();
        Assert.Equal(ids[..2], MessageWire.Ids(popped));
        var first = popped[0]!.AsObject();
        Assert.Equal(["age", "body", "claim_count", "claim_id", "id", "ttl"], first.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(4, MessageWire.Number(first, "age"));
        Assert.Equal(3600, MessageWire.Number(first, "ttl"));
        Assert.Equal(0, MessageWire.Number(first, "claim_count"));
        Assert.Equal("{\"n\":1}", first["body"]!.ToJsonString());
        Assert.True(Guid.TryParse(first["claim_id"]!.GetValue<string>(), out _));
        Assert.Equal(first["claim_id"]!.GetValue<string>(), popped[1]!["claim_id"]!.GetValue<string>());
        Assert.Equal([ids[2]], await api.ListIds(q, "echo=true&include_claimed=true"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{q}/messages/{ids[0]}")).Status);
    }

    [Fact]
    public async Task Given_claimed_and_delayed_messages_When_popped_Then_they_are_skipped()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.CreateQueue(q, """{"_default_message_delay": 60}""");
        var claimed = await api.PostOne(q, """{"body":"claimed","delay":0}""");
        await api.Claim(q);
        var delayed = await api.PostOne(q, """{"body":"delayed"}""");
        var free = await api.PostOne(q, """{"body":"free","delay":0}""");
        var reply = await api.Delete($"/v2/queues/{q}/messages?pop=20");
        Assert.Equal([free], MessageWire.Ids(reply.Json!["messages"]!.AsArray()));
        Assert.Equal([claimed, delayed], await api.ListIds(q, "echo=true&include_claimed=true&include_delayed=true"));
    }

    [Fact]
    public async Task Given_nothing_poppable_or_missing_queue_When_popped_Then_200_with_empty_messages()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var missing = await api.Delete($"/v2/queues/{q}/messages?pop=5");
        Assert.Equal(HttpStatusCode.OK, missing.Status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"messages":[]}"""), missing.Json), missing.Body);
        await api.PostMessages(q, "1");
        await api.Claim(q);
        var allClaimed = await api.Delete($"/v2/queues/{q}/messages?pop=5");
        Assert.Equal(HttpStatusCode.OK, allClaimed.Status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"messages":[]}"""), allClaimed.Json), allClaimed.Body);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    public async Task Given_pop_out_of_range_When_popped_Then_400_and_nothing_removed(string pop)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1");
        MessageWire.Error(await api.Delete($"/v2/queues/{q}/messages?pop={pop}"), HttpStatusCode.BadRequest, MessageWire.InvalidApiRequest, MessageWire.LimitRange);
        Assert.Equal(1, await api.Total(q));
    }

    [Fact]
    public async Task Given_pop_of_20_When_popped_Then_at_most_20_oldest()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, [.. Enumerable.Range(0, 22).Select(i => i.ToString())]);
        var reply = await api.Delete($"/v2/queues/{q}/messages?pop=20");
        Assert.Equal(ids[..20], MessageWire.Ids(reply.Json!["messages"]!.AsArray()));
        Assert.Equal(ids[20..], await api.ListIds(q));
    }
}
