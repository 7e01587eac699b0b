using System.Net;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Queues;

/// <summary>Contract §4.5: DELETE /v2/queues/{q}.</summary>
public sealed class DeleteQueueTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_queue_with_metadata_When_delete_Then_204_and_it_is_gone()
    {
        using var api = app.Api();
        await api.CreateQueue("doomed", "{\"description\":\"x\"}");
        var reply = await api.Delete("/v2/queues/doomed");
        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        Assert.Equal("", reply.Body);
        Assert.Empty(await api.QueueNames());
        Wire.AssertJson(Wire.ReservedDefaults(), await api.Metadata("doomed"));
    }

    [Fact]
    public async Task Given_missing_queue_When_delete_twice_Then_204_each_time()
    {
        using var api = app.Api();
        await api.CreateQueue("twice");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete("/v2/queues/twice")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete("/v2/queues/twice")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete("/v2/queues/never")).Status);
        Assert.Empty(await api.QueueNames());
    }

    [Fact]
    public async Task Given_queue_with_free_and_claimed_messages_When_delete_Then_messages_and_claims_are_gone()
    {
        using var api = app.Api();
        await api.PostMessages("busy", "1", "2", "3");
        var (claimId, _) = await api.Claim("busy", limit: 1);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete("/v2/queues/busy")).Status);
        var stats = await api.Stats("busy");
        Assert.Equal(0, stats["total"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/busy/claims/{claimId}")).Status);
        await api.CreateQueue("busy", "{\"description\":\"reborn\"}");
        Wire.AssertJson(Wire.DefaultsWith(("description", "reborn")), await api.Metadata("busy"));
        var list = await api.Get("/v2/queues/busy/messages?echo=true&include_claimed=true");
        Assert.Empty(list.Json!["messages"]!.AsArray());
        Assert.Equal(0, (await api.Stats("busy"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Given_queues_in_two_projects_When_one_deletes_Then_the_other_keeps_its_queue()
    {
        using var owner = app.Api();
        using var other = app.Api();
        await owner.PostMessages("same", "1");
        await other.PostMessages("same", "2");
        Assert.Equal(HttpStatusCode.NoContent, (await owner.Delete("/v2/queues/same")).Status);
        Assert.Equal(["same"], await other.QueueNames());
        Assert.Equal(1, (await other.Stats("same"))["total"]!.GetValue<int>());
    }
}
