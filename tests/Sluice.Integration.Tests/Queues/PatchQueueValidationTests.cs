using System.Net;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Queues;

/// <summary>Contract §4.4: PATCH /v2/queues/{q} request errors, each leaving the metadata unchanged.</summary>
public sealed class PatchQueueValidationTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    private const string ValidOps = """[{"op":"add","path":"/metadata/k","value":1}]""";

    private async Task<Api> QueueWithA()
    {
        var api = app.Api();
        await api.CreateQueue("p", "{\"a\":1}");
        return api;
    }

    private static async Task AssertUnchanged(Api api) => Wire.AssertJson(Wire.DefaultsWith(("a", 1)), await api.Metadata("p"));

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json-patch+json")]
    [InlineData("text/plain")]
    [InlineData("application/openstack-messaging-v2.0-json-patch-x")]
    public async Task Given_wrong_content_type_When_patch_Then_415_with_title_and_description(string contentType)
    {
        using var api = await QueueWithA();
        var reply = await api.Patch("/v2/queues/p", ValidOps, contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        Assert.False(string.IsNullOrEmpty(reply.Title));
        Assert.False(string.IsNullOrEmpty(reply.Description));
        await AssertUnchanged(api);
    }

    [Fact]
    public async Task Given_empty_body_When_patch_Then_400_body_could_not_be_empty()
    {
        using var api = await QueueWithA();
        var reply = await api.Patch("/v2/queues/p", "");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid request body", "PATCH body could not be empty for update.");
        await AssertUnchanged(api);
    }

    [Fact]
    public async Task Given_no_body_and_so_no_content_type_When_patch_Then_415()
    {
        using var api = await QueueWithA();
        var reply = await api.Send(Wire.Request(HttpMethod.Patch, "/v2/queues/p"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.Status);
        await AssertUnchanged(api);
    }

    [Theory]
    [InlineData("""{"op":"add","path":"/metadata/k","value":1}""")]
    [InlineData("""{}""")]
    [InlineData("""[1]""")]
    [InlineData("""["add"]""")]
    public async Task Given_body_not_an_array_of_objects_When_patch_Then_400(string body)
    {
        using var api = await QueueWithA();
        var reply = await api.Patch("/v2/queues/p", body);
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid request body", "Request body must be a JSON array of operation objects.");
        await AssertUnchanged(api);
    }

    [Fact]
    public async Task Given_unparseable_body_When_patch_Then_400()
    {
        using var api = await QueueWithA();
        var reply = await api.Patch("/v2/queues/p", "[{");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid request body", "Request body could not be parsed.");
        await AssertUnchanged(api);
    }

    [Theory]
    [InlineData("move")]
    [InlineData("copy")]
    [InlineData("test")]
    [InlineData("ADD")]
    public async Task Given_unsupported_op_When_patch_Then_400_invalid_operation(string op)
    {
        using var api = await QueueWithA();
        var reply = await api.Patch("/v2/queues/p", $$"""[{"op":"{{op}}","path":"/metadata/a","value":1}]""");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.StartsWith($"Invalid operation: `{op}`", reply.Description, StringComparison.Ordinal);
        await AssertUnchanged(api);
    }

    [Theory]
    [InlineData("""[{"path":"/metadata/a","value":2}]""")]
    [InlineData("""[{"op":"add","value":2}]""")]
    [InlineData("""[{"op":"add","path":"/metadata/a"}]""")]
    [InlineData("""[{"op":"replace","path":"/metadata/a"}]""")]
    [InlineData("""[{"op":"add","path":"/metadata/k","value":1},{"op":"replace","path":"/metadata/a"}]""")]
    [InlineData("""[{"op":"add","path":"/metadata","value":2}]""")]
    [InlineData("""[{"op":"add","path":"/metadata/","value":2}]""")]
    [InlineData("""[{"op":"add","path":"/metadata/a/b","value":2}]""")]
    [InlineData("""[{"op":"add","path":"/meta/a","value":2}]""")]
    [InlineData("""[{"op":"add","path":"metadata/a","value":2}]""")]
    [InlineData("""[{"op":"add","path":"/a","value":2}]""")]
    [InlineData("""[{"op":"add","path":5,"value":2}]""")]
    [InlineData("""[{"op":5,"path":"/metadata/a","value":2}]""")]
    public async Task Given_malformed_operation_When_patch_Then_400_and_metadata_unchanged(string body)
    {
        using var api = await QueueWithA();
        var reply = await api.Patch("/v2/queues/p", body);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        Assert.NotNull(reply.Title);
        await AssertUnchanged(api);
    }

    [Fact]
    public async Task Given_body_over_65536_bytes_When_patch_Then_400_too_large_and_metadata_unchanged()
    {
        using var api = await QueueWithA();
        var body = "[{\"op\":\"add\",\"path\":\"/metadata/pad\",\"value\":\"" + new string('x', 65536) + "\"}]";
        var reply = await api.Patch("/v2/queues/p", body);
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid API request", "Queue metadata is too large. Max size: 65536");
        await AssertUnchanged(api);
    }

    [Fact]
    public async Task Given_missing_queue_and_wrong_content_type_When_patch_Then_415()
    {
        using var api = app.Api();
        var reply = await api.Patch("/v2/queues/ghost", ValidOps, "application/json");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, reply.Status);
        Assert.Empty(await api.QueueNames());
    }
}
