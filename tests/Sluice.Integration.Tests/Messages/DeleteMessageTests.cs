using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>DELETE /v2/queues/{q}/messages/{id}[?claim_id=]: every row of the contract's §5.6 table.</summary>
public sealed class DeleteMessageTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    private const string Claimed = "This message is claimed; it cannot be deleted without a valid claim ID.";
    private const string NotClaimed = "A claim was specified, but the message is not currently claimed.";
    private const string NoSuchClaim = "The specified claim does not exist or has expired.";

    [Fact]
    public async Task Given_missing_queue_or_message_When_deleted_Then_204()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/messages/{MessageWire.UnknownId()}")).Status);
        await api.PostMessages(q, "1");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/messages/{MessageWire.UnknownId()}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/messages/not-an-id")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/messages/{MessageWire.UnknownId()}?claim_id={MessageWire.UnknownId()}")).Status);
        Assert.Equal(1, await api.Total(q));
    }

    [Fact]
    public async Task Given_expired_message_When_deleted_Then_204()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var id = await api.PostOne(q, """{"body":1,"ttl":60}""");
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/messages/{id}")).Status);
    }

    [Fact]
    public async Task Given_unclaimed_message_When_deleted_without_claim_id_Then_204_and_gone()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/messages/{ids[0]}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{q}/messages/{ids[0]}")).Status);
        Assert.Equal([ids[1]], await api.ListIds(q));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/messages/{ids[0]}")).Status);
    }

    [Fact]
    public async Task Given_claimed_message_When_deleted_without_claim_id_Then_403()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        await api.Claim(q);
        MessageWire.Error(await api.Delete($"/v2/queues/{q}/messages/{ids[0]}"), HttpStatusCode.Forbidden, "Unable to delete", Claimed);
        Assert.Equal(HttpStatusCode.OK, (await api.Get($"/v2/queues/{q}/messages/{ids[0]}")).Status);
    }

    [Fact]
    public async Task Given_claimed_message_When_deleted_with_a_blank_claim_id_Then_403_as_without_one()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        await api.Claim(q);
        MessageWire.Error(await api.Delete($"/v2/queues/{q}/messages/{ids[0]}?claim_id="), HttpStatusCode.Forbidden, "Unable to delete", Claimed);
    }

    [Fact]
    public async Task Given_never_claimed_message_When_deleted_with_a_claim_id_Then_400_not_claimed()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2");
        var (otherClaim, _) = await api.Claim(q, limit: 1);
        var unknown = await api.Delete($"/v2/queues/{q}/messages/{ids[1]}?claim_id={MessageWire.UnknownId()}");
        MessageWire.Error(unknown, HttpStatusCode.BadRequest, null, NotClaimed);
        var live = await api.Delete($"/v2/queues/{q}/messages/{ids[1]}?claim_id={otherClaim}");
        MessageWire.Error(live, HttpStatusCode.BadRequest, null, NotClaimed);
        Assert.Equal(2, await api.Total(q));
    }

    [Fact]
    public async Task Given_released_claim_When_its_message_deleted_with_it_Then_400_not_claimed()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        var (claim, _) = await api.Claim(q);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/claims/{claim}")).Status);
        MessageWire.Error(await api.Delete($"/v2/queues/{q}/messages/{ids[0]}?claim_id={claim}"), HttpStatusCode.BadRequest, null, NotClaimed);
        Assert.Equal(1, await api.Total(q));
    }

    [Fact]
    public async Task Given_expired_claim_When_its_message_deleted_with_it_Then_400_not_claimed()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        var (claim, _) = await api.Claim(q, ttl: 60);
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        MessageWire.Error(await api.Delete($"/v2/queues/{q}/messages/{ids[0]}?claim_id={claim}"), HttpStatusCode.BadRequest, null, NotClaimed);
        Assert.Equal(1, await api.Total(q));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Given_malformed_claim_id_When_deleted_Then_400_claim_does_not_exist(bool claimed)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        if (claimed) await api.Claim(q);
        MessageWire.Error(await api.Delete($"/v2/queues/{q}/messages/{ids[0]}?claim_id=bogus"), HttpStatusCode.BadRequest, null, NoSuchClaim);
        Assert.Equal(1, await api.Total(q));
    }

    [Fact]
    public async Task Given_message_claimed_by_another_claim_When_deleted_with_unknown_claim_id_Then_400_claim_does_not_exist()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        await api.Claim(q);
        MessageWire.Error(await api.Delete($"/v2/queues/{q}/messages/{ids[0]}?claim_id={MessageWire.UnknownId()}"), HttpStatusCode.BadRequest, null, NoSuchClaim);
        Assert.Equal(1, await api.Total(q));
    }

    [Fact]
    public async Task Given_message_claimed_again_When_deleted_with_the_expired_earlier_claim_Then_400_claim_does_not_exist()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1");
        var (expired, _) = await api.Claim(q, ttl: 60);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var (live, _) = await api.Claim(q);
        Assert.NotNull(live);
        MessageWire.Error(await api.Delete($"/v2/queues/{q}/messages/{ids[0]}?claim_id={expired}"), HttpStatusCode.BadRequest, null, NoSuchClaim);
        Assert.Equal(1, await api.Total(q));
    }

    [Fact]
    public async Task Given_message_claimed_by_another_live_claim_When_deleted_Then_403()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var ids = await api.PostMessages(q, "1", "2");
        var (first, _) = await api.Claim(q, limit: 1);
        var (second, _) = await api.Claim(q, limit: 1);
        Assert.NotNull(second);
        MessageWire.Error(await api.Delete($"/v2/queues/{q}/messages/{ids[0]}?claim_id={second}"), HttpStatusCode.Forbidden, "Unable to delete", Claimed);
        Assert.Equal(2, await api.Total(q));
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Given_claimed_message_When_deleted_through_its_claim_href_Then_204_and_removed_from_the_claim()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1", "2");
        var (claim, messages) = await api.Claim(q);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete(MessageWire.Href(messages[0]!))).Status);
        Assert.Equal(1, await api.Total(q));
        var view = await api.Get($"/v2/queues/{q}/claims/{claim}");
        Assert.Equal([messages[1]!["id"]!.GetValue<string>()], MessageWire.Ids(view.Json!["messages"]!.AsArray()));
    }
}
