using System.Net;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Queues;

/// <summary>Contract §4.7: POST /v2/queues/{q}/purge.</summary>
public sealed class PurgeQueueTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    private static async Task<int> Total(Api api, string queue) => (await api.Stats(queue))["total"]!.GetValue<int>();

    [Fact]
    public async Task Given_free_claimed_and_delayed_messages_When_purge_without_body_Then_204_and_all_gone_with_claims()
    {
        using var api = app.Api();
        await api.CreateQueue("mixed", "{\"_default_message_delay\":0,\"description\":\"kept\"}");
        await api.PostMessages("mixed", "1", "2", "3");
        var (claimId, _) = await api.Claim("mixed", limit: 2);
        Assert.NotNull(claimId);
        var reply = await api.Post("/v2/queues/mixed/purge");
        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        Assert.Equal("", reply.Body);
        Assert.Equal(0, await Total(api, "mixed"));
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/mixed/claims/{claimId}")).Status);
        var list = await api.Get("/v2/queues/mixed/messages?echo=true&include_claimed=true");
        Assert.Empty(list.Json!["messages"]!.AsArray());
        Assert.Equal(["mixed"], await api.QueueNames());
        Wire.AssertJson(Wire.DefaultsWith(("description", "kept")), await api.Metadata("mixed"));
    }

    [Fact]
    public async Task Given_delayed_messages_When_purge_messages_Then_they_are_gone_too()
    {
        using var api = app.Api();
        await api.CreateQueue("later", "{\"_default_message_delay\":300}");
        await api.PostMessages("later", "1", "2");
        var reply = await api.Post("/v2/queues/later/purge", """{"resource_types":["messages"]}""");
        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        Assert.Equal(0, await Total(api, "later"));
    }

    [Fact]
    public async Task Given_messages_When_purge_only_subscriptions_Then_messages_stay()
    {
        using var api = app.Api();
        await api.PostMessages("subs", "1", "2");
        var reply = await api.Post("/v2/queues/subs/purge", """{"resource_types":["subscriptions"]}""");
        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        Assert.Equal(2, await Total(api, "subs"));
    }

    [Fact]
    public async Task Given_messages_When_purge_both_resource_types_Then_204_and_messages_gone()
    {
        using var api = app.Api();
        await api.PostMessages("both", "1");
        var reply = await api.Post("/v2/queues/both/purge", """{"resource_types":["messages","subscriptions"]}""");
        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        Assert.Equal(0, await Total(api, "both"));
    }

    [Fact]
    public async Task Given_body_without_resource_types_When_purge_Then_400_and_messages_stay()
    {
        using var api = app.Api();
        await api.PostMessages("keep", "1");
        var reply = await api.Post("/v2/queues/keep/purge", """{"types":["messages"]}""");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("Post body must contain key \"resource_types\".", reply.Description);
        Assert.Equal(1, await Total(api, "keep"));
    }

    [Theory]
    [InlineData("""{"resource_types":["queues"]}""")]
    [InlineData("""{"resource_types":["messages","claims"]}""")]
    [InlineData("""{"resource_types":"messages"}""")]
    [InlineData("""{"resource_types":[1]}""")]
    [InlineData("""{"resource_types":["Messages"]}""")]
    public async Task Given_resource_types_outside_the_set_When_purge_Then_400_and_messages_stay(string body)
    {
        using var api = app.Api();
        await api.PostMessages("keep", "1");
        var reply = await api.Post("/v2/queues/keep/purge", body);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.StartsWith("Resource types must be a sub set of", reply.Description, StringComparison.Ordinal);
        Assert.Equal(1, await Total(api, "keep"));
    }

    [Theory]
    [InlineData("[\"messages\"]")]
    [InlineData("{")]
    public async Task Given_body_not_an_object_When_purge_Then_400_and_messages_stay(string body)
    {
        using var api = app.Api();
        await api.PostMessages("keep", "1");
        var reply = await api.Post("/v2/queues/keep/purge", body);
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid request body");
        Assert.Equal(1, await Total(api, "keep"));
    }

    [Fact]
    public async Task Given_missing_queue_When_purge_Then_204_and_no_queue_created()
    {
        using var api = app.Api();
        var reply = await api.Post("/v2/queues/ghost/purge");
        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        Assert.Empty(await api.QueueNames());
    }

    [Fact]
    public async Task Given_purged_queue_When_posting_again_Then_only_new_messages_count()
    {
        using var api = app.Api();
        await api.PostMessages("again", "1", "2");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Post("/v2/queues/again/purge")).Status);
        var ids = await api.PostMessages("again", "3");
        var stats = await api.Stats("again");
        Assert.Equal(1, stats["total"]!.GetValue<int>());
        Assert.Equal($"/v2/queues/again/messages/{ids[0]}", stats["oldest"]!["href"]!.GetValue<string>());
    }
}
