using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Claims;

/// <summary>POST /v2/queues/{q}/claims (contract §6.1, §8 items 5, 6, 10).</summary>
public sealed class ClaimTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Theory]
    [InlineData(null)]
    [InlineData("{}")]
    [InlineData("{\"limit\":1,\"other\":true}")]
    public async Task Given_no_ttl_or_grace_When_claimed_Then_201_with_ttl_300_and_grace_60(string? body)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2");
        var reply = await api.Post($"/v2/queues/{q}/claims", body);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        var claim = reply.Location!.Split('/')[^1];
        Assert.Equal($"/v2/queues/{q}/claims/{claim}", reply.Location);
        var messages = reply.Json!["messages"]!.AsArray();
        Assert.Equal(ids, MessageWire.Ids(messages));
        Assert.All(messages, m => Assert.Equal($"/v2/queues/{q}/messages/{m!["id"]!.GetValue<string>()}?claim_id={claim}", MessageWire.Href(m)));
        Assert.Equal(300, MessageWire.Number((await api.Get($"/v2/queues/{q}/claims/{claim}")).Json, "ttl"));
        var shortLived = await api.PostOne(q, """{"body":3,"ttl":60}""");
        await api.Post($"/v2/queues/{q}/claims", body);
        Assert.Equal(360, MessageWire.Number((await api.Get($"/v2/queues/{q}/messages/{shortLived}")).Json, "ttl"));
    }

    [Fact]
    public async Task Given_limit_When_claimed_Then_that_many_oldest_and_default_limit_is_10()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, [.. Enumerable.Range(0, 15).Select(i => i.ToString())]);
        var (_, two) = await api.Claim(q, limit: 2);
        Assert.Equal(ids[..2], MessageWire.Ids(two));
        var rest = await api.Post($"/v2/queues/{q}/claims", "{\"ttl\":60}");
        Assert.Equal(ids[2..12], MessageWire.Ids(rest.Json!["messages"]!.AsArray()));
    }

    [Fact]
    public async Task Given_own_messages_When_claimed_Then_they_are_claimable()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        Assert.Equal(ids, MessageWire.Ids((await api.Claim(q)).Messages));
    }

    [Fact]
    public async Task Given_nothing_claimable_When_claimed_Then_204_without_body()
    {
        using var api = app.Api();
        var missing = await api.Post($"/v2/queues/{MessageWire.NewQueue()}/claims");
        Assert.Equal(HttpStatusCode.NoContent, missing.Status);
        Assert.Empty(missing.Body);
        var empty = MessageWire.NewQueue();
        await api.CreateQueue(empty, "{}");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Post($"/v2/queues/{empty}/claims")).Status);
        var claimed = MessageWire.NewQueue();
        await api.PostMessages(claimed, "1");
        await api.Claim(claimed);
        var again = await api.Post($"/v2/queues/{claimed}/claims");
        Assert.Equal(HttpStatusCode.NoContent, again.Status);
        Assert.Empty(again.Body);
        var delayed = MessageWire.NewQueue();
        await api.CreateQueue(delayed, """{"_default_message_delay": 60}""");
        await api.PostMessages(delayed, "1");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Post($"/v2/queues/{delayed}/claims")).Status);
        Assert.Equal(0, MessageWire.Number(await api.Stats(delayed), "claimed"));
    }

    [Theory]
    [InlineData("{\"ttl\":59}")]
    [InlineData("{\"ttl\":43201}")]
    [InlineData("{\"grace\":59}")]
    [InlineData("{\"grace\":43201}")]
    [InlineData("{\"ttl\":0,\"grace\":60}")]
    [InlineData("{\"ttl\":9223372036854775807}")]
    [InlineData("{\"grace\":-1}")]
    public async Task Given_ttl_or_grace_out_of_range_When_claimed_Then_400_and_nothing_claimed(string body)
    {
        await Rejected(body, MessageWire.InvalidApiRequest, null);
    }

    [Theory]
    [InlineData("{\"ttl\":\"60\"}", "ttl")]
    [InlineData("{\"ttl\":true}", "ttl")]
    [InlineData("{\"ttl\":60.5}", "ttl")]
    [InlineData("{\"grace\":\"60\"}", "grace")]
    [InlineData("{\"grace\":false}", "grace")]
    public async Task Given_ttl_or_grace_not_an_int_When_claimed_Then_400_must_be_a_int(string body, string field)
    {
        await Rejected(body, null, $"The value of the \"{field}\" field must be a int.");
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"ttl\":60}]")]
    public async Task Given_array_body_When_claimed_Then_400(string body)
    {
        await Rejected(body, null, null);
    }

    [Fact]
    public async Task Given_integer_outside_int64_in_the_body_When_claimed_Then_400_integer_too_large()
    {
        await Rejected("{\"ttl\":99999999999999999999}", MessageWire.InvalidBody, "JSON contains integer that is too large.");
    }

    [Theory]
    [InlineData("{\"ttl\":")]
    [InlineData("\"ttl\"")]
    public async Task Given_unparsable_body_When_claimed_Then_400_could_not_be_parsed(string body)
    {
        await Rejected(body, MessageWire.InvalidBody, "Request body could not be parsed.");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    public async Task Given_limit_out_of_range_When_claimed_Then_400(string limit)
    {
        await Rejected(null, MessageWire.InvalidApiRequest, MessageWire.LimitRange, $"?limit={limit}");
    }

    [Fact]
    public async Task Given_claimed_messages_When_claimed_again_Then_skipped_until_the_claim_expires_and_then_in_fifo_order()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2", "3");
        var (_, first) = await api.Claim(q, limit: 1, ttl: 60);
        var (_, second) = await api.Claim(q, limit: 1, ttl: 600);
        Assert.Equal([ids[0]], MessageWire.Ids(first));
        Assert.Equal([ids[1]], MessageWire.Ids(second));
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal([ids[2]], MessageWire.Ids((await api.Claim(q, limit: 1, ttl: 60)).Messages));
        Assert.Null((await api.Claim(q)).ClaimId);
        app.Clock.Advance(TimeSpan.FromSeconds(62));
        Assert.Equal([ids[0], ids[2]], MessageWire.Ids((await api.Claim(q)).Messages));
    }

    [Fact]
    public async Task Given_a_delayed_message_before_free_ones_When_claimed_Then_it_is_skipped_and_later_messages_taken()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.CreateQueue(q, """{"_default_message_delay": 60}""");
        var first = await api.PostOne(q, """{"body":1,"delay":0}""");
        var delayed = await api.PostOne(q, """{"body":2}""");
        var last = await api.PostOne(q, """{"body":3,"delay":0}""");
        Assert.Equal([first, last], MessageWire.Ids((await api.Claim(q)).Messages));
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal([delayed], MessageWire.Ids((await api.Claim(q)).Messages));
    }

    [Fact]
    public async Task Given_message_ttl_60_When_claimed_for_300_with_grace_60_Then_ttl_reads_360_and_it_outlives_its_ttl()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var id = await api.PostOne(q, """{"body":1,"ttl":60}""");
        var longLived = await api.PostOne(q, """{"body":2,"ttl":3600}""");
        var (claim, messages) = await api.Claim(q, ttl: 300, grace: 60);
        Assert.Equal(360, MessageWire.Number(messages[0], "ttl"));
        Assert.Equal(3600, MessageWire.Number(messages[1], "ttl"));
        Assert.Equal(360, MessageWire.Number((await api.Get($"/v2/queues/{q}/messages/{id}")).Json, "ttl"));
        app.Clock.Advance(TimeSpan.FromSeconds(299));
        Assert.Equal(HttpStatusCode.OK, (await api.Get($"/v2/queues/{q}/claims/{claim}")).Status);
        app.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{q}/claims/{claim}")).Status);
        var free = await api.Get($"/v2/queues/{q}/messages/{id}");
        Assert.Equal(HttpStatusCode.OK, free.Status);
        Assert.Equal($"/v2/queues/{q}/messages/{id}", MessageWire.Href(free.Json!));
        Assert.Equal([id, longLived], await api.ListIds(q));
        app.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{q}/messages/{id}")).Status);
        Assert.Equal([longLived], await api.ListIds(q));
    }

    /// <summary>Posts one message, sends the claim, asserts the 400 and that nothing was claimed.</summary>
    private async Task Rejected(string? body, string? title, string? description, string query = "")
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1");
        MessageWire.Error(await api.Post($"/v2/queues/{q}/claims{query}", body), HttpStatusCode.BadRequest, title, description);
        Assert.Equal(0, MessageWire.Number(await api.Stats(q), "claimed"));
    }
}
