using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>GET /v2/queues/{q}/messages (contract §5.2, §1.7, §1.8).</summary>
public sealed class ListMessagesTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_claimed_message_When_listed_Then_hidden_unless_include_claimed_with_claim_id_in_href()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2");
        var (claim, _) = await api.Claim(q, limit: 1);
        Assert.Equal([ids[1]], await api.ListIds(q));
        Assert.Equal([ids[1]], await api.ListIds(q, "echo=true&include_claimed=false"));
        var all = await api.List(q, "echo=true&include_claimed=true");
        Assert.Equal(ids, MessageWire.Ids(all));
        Assert.Equal($"/v2/queues/{q}/messages/{ids[0]}?claim_id={claim}", MessageWire.Href(all[0]!));
        Assert.Equal($"/v2/queues/{q}/messages/{ids[1]}", MessageWire.Href(all[1]!));
    }

    [Fact]
    public async Task Given_delayed_queue_When_listed_Then_delayed_messages_shown_only_with_include_delayed()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.CreateQueue(q, """{"_default_message_delay": 60}""");
        var delayed = await api.PostOne(q, """{"body":1}""");
        var due = await api.PostOne(q, """{"body":2,"delay":0}""");
        Assert.Equal([due], await api.ListIds(q));
        Assert.Equal([due], await api.ListIds(q, "echo=true&include_delayed=false"));
        Assert.Equal([delayed, due], await api.ListIds(q, "echo=true&include_delayed=true"));
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal([delayed, due], await api.ListIds(q));
    }

    [Fact]
    public async Task Given_25_messages_When_paged_by_next_href_Then_each_is_seen_once_in_fifo_order()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var posted = new List<string>();
        for (var batch = 0; batch < 5; batch++) posted.AddRange(await api.PostMessages(q, "1", "2", "3", "4", "5"));
        var seen = new List<string>();
        var href = $"/v2/queues/{q}/messages?echo=true&limit=7";
        for (var page = 0; ; page++)
        {
            Assert.True(page < 10, "paging did not end");
            var reply = await api.Get(href);
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            var messages = reply.Json!["messages"]!.AsArray();
            var links = reply.Json!["links"]!.AsArray();
            if (messages.Count == 0)
            {
                Assert.Empty(links);
                break;
            }
            Assert.True(messages.Count <= 7);
            seen.AddRange(MessageWire.Ids(messages));
            var next = Assert.Single(links)!;
            Assert.Equal("next", next["rel"]!.GetValue<string>());
            href = next["href"]!.GetValue<string>();
            Assert.StartsWith($"/v2/queues/{q}/messages?", href, StringComparison.Ordinal);
            Assert.Contains("echo=true", href, StringComparison.Ordinal);
            Assert.Contains("limit=7", href, StringComparison.Ordinal);
            Assert.Contains("marker=", href, StringComparison.Ordinal);
        }
        Assert.Equal(posted, seen);
    }

    [Fact]
    public async Task Given_12_messages_When_listed_without_limit_Then_a_page_of_10()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, [.. Enumerable.Range(1, 12).Select(i => i.ToString())]);
        Assert.Equal(ids[..10], await api.ListIds(q));
        Assert.Equal(ids[..10], await api.ListIds(q, "echo=true&limit="));
    }

    [Fact]
    public async Task Given_missing_queue_When_listed_Then_200_with_empty_messages_and_links()
    {
        using var api = app.Api();
        var reply = await api.Get($"/v2/queues/{MessageWire.NewQueue()}/messages");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"messages":[],"links":[]}"""), reply.Json), reply.Body);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("21")]
    [InlineData("-1")]
    public async Task Given_limit_out_of_range_When_listed_Then_400(string limit)
    {
        using var api = app.Api();
        var reply = await api.Get($"/v2/queues/{MessageWire.NewQueue()}/messages?limit={limit}");
        MessageWire.Error(reply, HttpStatusCode.BadRequest, MessageWire.InvalidApiRequest, MessageWire.LimitRange);
    }

    [Fact]
    public async Task Given_limit_not_an_integer_When_listed_Then_400_invalid_parameter()
    {
        using var api = app.Api();
        var reply = await api.Get($"/v2/queues/{MessageWire.NewQueue()}/messages?limit=ten");
        MessageWire.Error(reply, HttpStatusCode.BadRequest, MessageWire.InvalidParameter, "The \"limit\" parameter is invalid. The value must be an integer.");
    }

    [Theory]
    [InlineData("echo=TRUE")]
    [InlineData("include_claimed=TRUE")]
    [InlineData("include_delayed=2")]
    [InlineData("echo=yes please")]
    public async Task Given_bad_boolean_When_listed_Then_400_invalid_parameter(string query)
    {
        using var api = app.Api();
        var reply = await api.Get($"/v2/queues/{MessageWire.NewQueue()}/messages?{query}");
        MessageWire.Error(reply, HttpStatusCode.BadRequest, MessageWire.InvalidParameter, null);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("-5")]
    [InlineData("999999999999999999999")]
    public async Task Given_unknown_marker_When_listed_Then_listing_restarts_from_the_beginning(string marker)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2", "3");
        Assert.Equal(ids, await api.ListIds(q, $"echo=true&marker={marker}"));
    }
}
