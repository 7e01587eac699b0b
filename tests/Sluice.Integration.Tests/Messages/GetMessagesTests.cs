using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>GET /v2/queues/{q}/messages?ids= and GET /v2/queues/{q}/messages/{id} (contract §5.3, §5.4).</summary>
public sealed class GetMessagesTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_own_messages_When_got_by_ids_Then_returned_ignoring_list_parameters_and_without_links()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2", "3");
        var reply = await api.Get($"/v2/queues/{q}/messages?ids={ids[2]},{ids[0]}&echo=TRUE&limit=ten&include_claimed=x");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var got = MessageWire.Ids(reply.Json!["messages"]!.AsArray());
        Assert.Equal(new[] { ids[0], ids[2] }.Order(StringComparer.Ordinal), got.Order(StringComparer.Ordinal));
        Assert.Equal(["messages"], reply.Json!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Given_repeated_ids_parameters_When_got_Then_same_as_comma_list()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2");
        var reply = await api.Get($"/v2/queues/{q}/messages?ids={ids[0]}&ids={ids[1]}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(ids.Order(StringComparer.Ordinal), MessageWire.Ids(reply.Json!["messages"]!.AsArray()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Given_blank_ids_When_got_Then_treated_as_absent_and_the_queue_is_listed()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        var reply = await api.Get($"/v2/queues/{q}/messages?ids=&echo=true");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(ids, MessageWire.Ids(reply.Json!["messages"]!.AsArray()));
        Assert.NotNull(reply.Json!["links"]);
    }

    [Fact]
    public async Task Given_claimed_message_When_got_by_ids_Then_included_with_claim_id_in_href()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2");
        var (claim, _) = await api.Claim(q, limit: 1);
        var reply = await api.Get($"/v2/queues/{q}/messages?ids={ids[0]},{ids[1]}");
        var messages = reply.Json!["messages"]!.AsArray();
        var claimed = messages.Single(m => m!["id"]!.GetValue<string>() == ids[0])!;
        var free = messages.Single(m => m!["id"]!.GetValue<string>() == ids[1])!;
        Assert.Equal($"/v2/queues/{q}/messages/{ids[0]}?claim_id={claim}", MessageWire.Href(claimed));
        Assert.Equal($"/v2/queues/{q}/messages/{ids[1]}", MessageWire.Href(free));
    }

    [Fact]
    public async Task Given_unknown_and_malformed_ids_When_got_Then_they_are_skipped()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        var reply = await api.Get($"/v2/queues/{q}/messages?ids={MessageWire.UnknownId()},not-an-id,{ids[0]},x");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal(ids, MessageWire.Ids(reply.Json!["messages"]!.AsArray()));
    }

    [Fact]
    public async Task Given_21_ids_When_got_Then_400_limit()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1");
        var ids = string.Join(',', Enumerable.Range(0, 21).Select(_ => MessageWire.UnknownId()));
        MessageWire.Error(await api.Get($"/v2/queues/{q}/messages?ids={ids}"), HttpStatusCode.BadRequest, MessageWire.InvalidApiRequest, MessageWire.LimitRange);
        var twenty = string.Join(',', Enumerable.Range(0, 20).Select(_ => MessageWire.UnknownId()));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{q}/messages?ids={twenty}")).Status);
    }

    [Fact]
    public async Task Given_no_id_found_When_got_Then_404_naming_the_ids_queue_and_project()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1");
        var reply = await api.Get($"/v2/queues/{q}/messages?ids=x");
        MessageWire.Error(reply, HttpStatusCode.NotFound, "Not found", $"No messages with IDs: ['x'] found in the queue {q} for project {api.Project}.");
        var unknown = MessageWire.UnknownId();
        var two = await api.Get($"/v2/queues/{q}/messages?ids=x,{unknown}");
        MessageWire.Error(two, HttpStatusCode.NotFound, "Not found", $"No messages with IDs: ['x', '{unknown}'] found in the queue {q} for project {api.Project}.");
    }

    [Fact]
    public async Task Given_missing_queue_When_got_by_ids_Then_404()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var reply = await api.Get($"/v2/queues/{q}/messages?ids=x");
        MessageWire.Error(reply, HttpStatusCode.NotFound, "Not found", $"No messages with IDs: ['x'] found in the queue {q} for project {api.Project}.");
    }

    [Fact]
    public async Task Given_a_message_When_got_by_id_Then_200_with_id_href_ttl_age_body()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var id = await api.PostOne(q, """{"body":{"event":"x"},"ttl":120}""");
        app.Clock.Advance(TimeSpan.FromSeconds(7));
        var reply = await api.Get($"/v2/queues/{q}/messages/{id}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.StartsWith("application/json", reply.ContentHeaders.ContentType?.ToString(), StringComparison.Ordinal);
        var message = reply.Json!.AsObject();
        Assert.Equal(["age", "body", "href", "id", "ttl"], message.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(id, message["id"]!.GetValue<string>());
        Assert.Equal($"/v2/queues/{q}/messages/{id}", MessageWire.Href(message));
        Assert.Equal(120, MessageWire.Number(message, "ttl"));
        Assert.Equal(7, MessageWire.Number(message, "age"));
        Assert.Equal("""{"event":"x"}""", message["body"]!.ToJsonString());
    }

    [Fact]
    public async Task Given_claimed_message_When_got_by_id_Then_href_carries_claim_id()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        var (claim, _) = await api.Claim(q);
        var reply = await api.Get($"/v2/queues/{q}/messages/{ids[0]}");
        Assert.Equal($"/v2/queues/{q}/messages/{ids[0]}?claim_id={claim}", MessageWire.Href(reply.Json!));
    }

    [Fact]
    public async Task Given_missing_queue_When_message_got_Then_404_queue_does_not_exist()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var reply = await api.Get($"/v2/queues/{q}/messages/{MessageWire.UnknownId()}");
        MessageWire.Error(reply, HttpStatusCode.NotFound, "Not found", $"Queue {q} does not exist for project {api.Project}");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Given_missing_message_When_got_Then_404_message_does_not_exist(bool wellFormed)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1");
        var id = wellFormed ? MessageWire.UnknownId() : "nope";
        var reply = await api.Get($"/v2/queues/{q}/messages/{id}");
        MessageWire.Error(reply, HttpStatusCode.NotFound, "Not found", $"Message {id} does not exist in queue {q} for project {api.Project}");
    }

    [Fact]
    public async Task Given_message_of_another_queue_When_got_Then_404_and_not_in_ids()
    {
        using var api = app.Api();
        var (q, other) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        var ids = await api.PostMessages(q, "1");
        await api.PostMessages(other, "2");
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{other}/messages/{ids[0]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{other}/messages?ids={ids[0]}")).Status);
    }

    [Fact]
    public async Task Given_message_of_another_project_When_got_Then_404()
    {
        using var owner = app.Api();
        using var stranger = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await owner.PostMessages(q, "1");
        await stranger.PostMessages(q, "2");
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Get($"/v2/queues/{q}/messages/{ids[0]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Get($"/v2/queues/{q}/messages?ids={ids[0]}")).Status);
    }
}
