using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Claims;

/// <summary>GET, PATCH (renew) and DELETE (release) of a claim (contract §6.2–§6.4, §8 item 6).</summary>
public sealed class ClaimLifecycleTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_a_claim_When_got_Then_200_with_age_ttl_href_and_messages()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2");
        var (claim, _) = await api.Claim(q, ttl: 120, grace: 60);
        app.Clock.Advance(TimeSpan.FromSeconds(10));
        var reply = await api.Get($"/v2/queues/{q}/claims/{claim}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var view = reply.Json!.AsObject();
        Assert.Equal(["age", "href", "messages", "ttl"], view.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal(10, MessageWire.Number(view, "age"));
        Assert.Equal(120, MessageWire.Number(view, "ttl"));
        Assert.Equal($"/v2/queues/{q}/claims/{claim}", view["href"]!.GetValue<string>());
        var messages = view["messages"]!.AsArray();
        Assert.Equal(ids, MessageWire.Ids(messages));
        Assert.All(messages, m => Assert.EndsWith($"?claim_id={claim}", MessageWire.Href(m!), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Given_unknown_malformed_expired_or_released_claim_When_got_Then_404()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1", "2");
        var (expired, _) = await api.Claim(q, limit: 1, ttl: 60);
        var (released, _) = await api.Claim(q, limit: 1, ttl: 600);
        await api.Delete($"/v2/queues/{q}/claims/{released}");
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        foreach (var id in new[] { MessageWire.UnknownId(), "not-a-claim", expired!, released! })
        {
            var reply = await api.Get($"/v2/queues/{q}/claims/{id}");
            MessageWire.Error(reply, HttpStatusCode.NotFound, "Not found", $"Claim {id} does not exist in queue {q} for project {api.Project}");
        }
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{MessageWire.NewQueue()}/claims/{MessageWire.UnknownId()}")).Status);
    }

    [Fact]
    public async Task Given_a_claim_When_renewed_Then_204_age_resets_and_expiry_moves()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var id = await api.PostOne(q, """{"body":1,"ttl":60}""");
        var (claim, _) = await api.Claim(q, ttl: 100, grace: 60);
        app.Clock.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Patch($"/v2/queues/{q}/claims/{claim}", """{"ttl":200,"grace":100}""", "application/json")).Status);
        var view = await api.Get($"/v2/queues/{q}/claims/{claim}");
        Assert.Equal(0, MessageWire.Number(view.Json, "age"));
        Assert.Equal(200, MessageWire.Number(view.Json, "ttl"));
        Assert.Equal(300, MessageWire.Number((await api.Get($"/v2/queues/{q}/messages/{id}")).Json, "ttl"));
        app.Clock.Advance(TimeSpan.FromSeconds(199));
        Assert.Equal(HttpStatusCode.OK, (await api.Get($"/v2/queues/{q}/claims/{claim}")).Status);
        Assert.Null((await api.Claim(q)).ClaimId);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{q}/claims/{claim}")).Status);
        Assert.Equal([id], await api.ListIds(q));
        app.Clock.Advance(TimeSpan.FromSeconds(99));
        Assert.Equal(HttpStatusCode.OK, (await api.Get($"/v2/queues/{q}/messages/{id}")).Status);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{q}/messages/{id}")).Status);
    }

    [Fact]
    public async Task Given_renewal_without_fields_When_renewed_Then_ttl_defaults_to_300()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1");
        var (claim, _) = await api.Claim(q, ttl: 100);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Patch($"/v2/queues/{q}/claims/{claim}", "{}", "application/json")).Status);
        Assert.Equal(300, MessageWire.Number((await api.Get($"/v2/queues/{q}/claims/{claim}")).Json, "ttl"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50000)]
    public async Task Given_grace_outside_the_create_range_When_renewed_Then_204(int grace)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1");
        var (claim, _) = await api.Claim(q);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Patch($"/v2/queues/{q}/claims/{claim}", $"{{\"ttl\":60,\"grace\":{grace}}}", "application/json")).Status);
    }

    [Theory]
    [InlineData(null, "Request body can not be empty")]
    [InlineData("", "Request body can not be empty")]
    [InlineData("{\"ttl\":59}", null)]
    [InlineData("{\"ttl\":43201}", null)]
    [InlineData("{\"ttl\":\"120\"}", "The value of the \"ttl\" field must be a int.")]
    [InlineData("[]", null)]
    public async Task Given_bad_renewal_body_When_renewed_Then_400_and_claim_unchanged(string? body, string? description)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1");
        var (claim, _) = await api.Claim(q, ttl: 120);
        var reply = await api.Send(HttpMethod.Patch, $"/v2/queues/{q}/claims/{claim}", body);
        MessageWire.Error(reply, HttpStatusCode.BadRequest, null, description);
        if (body is null or "") Assert.Equal(MessageWire.InvalidBody, reply.Title);
        if (body is "{\"ttl\":59}" or "{\"ttl\":43201}") Assert.Equal(MessageWire.InvalidApiRequest, reply.Title);
        Assert.Equal(120, MessageWire.Number((await api.Get($"/v2/queues/{q}/claims/{claim}")).Json, "ttl"));
    }

    [Fact]
    public async Task Given_missing_expired_or_released_claim_When_renewed_Then_404()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1", "2");
        var (expired, _) = await api.Claim(q, limit: 1, ttl: 60);
        var (released, _) = await api.Claim(q, limit: 1, ttl: 600);
        await api.Delete($"/v2/queues/{q}/claims/{released}");
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        foreach (var id in new[] { MessageWire.UnknownId(), "not-a-claim", expired!, released! })
        {
            var reply = await api.Patch($"/v2/queues/{q}/claims/{id}", """{"ttl":60}""", "application/json");
            Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await api.Patch($"/v2/queues/{MessageWire.NewQueue()}/claims/{MessageWire.UnknownId()}", """{"ttl":60}""", "application/json")).Status);
        Assert.Equal(0, MessageWire.Number(await api.Stats(q), "claimed"));
    }

    [Fact]
    public async Task Given_a_claim_When_released_Then_204_messages_free_at_once_in_place_and_claim_gone()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var first = await api.PostOne(q, """{"body":1,"ttl":60}""");
        var second = await api.PostOne(q, """{"body":2}""");
        var (claim, _) = await api.Claim(q, limit: 1, ttl: 300, grace: 60);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/claims/{claim}")).Status);
        var listed = await api.List(q);
        Assert.Equal([first, second], MessageWire.Ids(listed));
        Assert.Equal($"/v2/queues/{q}/messages/{first}", MessageWire.Href(listed[0]!));
        Assert.Equal(360, MessageWire.Number(listed[0], "ttl"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{q}/claims/{claim}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/claims/{claim}")).Status);
        Assert.Equal(0, MessageWire.Number(await api.Stats(q), "claimed"));
        Assert.Equal([first, second], MessageWire.Ids((await api.Claim(q)).Messages));
    }

    [Fact]
    public async Task Given_a_claim_of_another_queue_When_got_renewed_or_released_there_Then_the_claim_is_untouched()
    {
        using var api = app.Api();
        var (q, other) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        await api.PostMessages(q, "1");
        await api.PostMessages(other, "2");
        var (claim, _) = await api.Claim(q, ttl: 120);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{other}/claims/{claim}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Patch($"/v2/queues/{other}/claims/{claim}", """{"ttl":600}""", "application/json")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{other}/claims/{claim}")).Status);
        var view = await api.Get($"/v2/queues/{q}/claims/{claim}");
        Assert.Equal(120, MessageWire.Number(view.Json, "ttl"));
        Assert.Single(view.Json!["messages"]!.AsArray());
    }

    [Fact]
    public async Task Given_unknown_malformed_or_missing_queue_claim_When_released_Then_204()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/claims/{MessageWire.UnknownId()}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/claims/not-a-claim")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{MessageWire.NewQueue()}/claims/{MessageWire.UnknownId()}")).Status);
    }
}
