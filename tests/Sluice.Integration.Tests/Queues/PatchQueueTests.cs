using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Queues;

/// <summary>Contract §4.4: PATCH /v2/queues/{q} semantics (add, replace, remove, reserved keys, conflicts).</summary>
public sealed class PatchQueueTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_queue_When_patch_add_Then_200_with_full_metadata_and_get_agrees()
    {
        using var api = app.Api();
        await api.CreateQueue("p", "{\"keep\":true}");
        var reply = await api.Patch("/v2/queues/p", """[{"op":"add","path":"/metadata/k","value":{"x":[1]}}]""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        var expected = Wire.DefaultsWith(("keep", true), ("k", JsonNode.Parse("""{"x":[1]}""")));
        Wire.AssertJson(expected, reply.Json);
        Wire.AssertJson(expected, await api.Metadata("p"));
    }

    [Fact]
    public async Task Given_existing_key_When_patch_add_or_replace_Then_value_overwritten()
    {
        using var api = app.Api();
        await api.CreateQueue("p", "{\"a\":1,\"b\":1}");
        var reply = await api.Patch("/v2/queues/p", """[{"op":"add","path":"/metadata/a","value":2},{"op":"replace","path":"/metadata/b","value":null}]""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Wire.AssertJson(Wire.DefaultsWith(("a", 2), ("b", null)), await api.Metadata("p"));
    }

    [Fact]
    public async Task Given_absent_reserved_key_When_patch_replace_Then_it_is_set()
    {
        using var api = app.Api();
        await api.CreateQueue("p");
        var reply = await api.Patch("/v2/queues/p", """[{"op":"replace","path":"/metadata/_max_claim_count","value":3}]""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Wire.AssertJson(Wire.DefaultsWith(("_max_claim_count", 3)), reply.Json);
    }

    [Fact]
    public async Task Given_present_keys_When_patch_remove_Then_free_key_gone_and_reserved_key_back_to_default()
    {
        using var api = app.Api();
        await api.CreateQueue("p", "{\"old\":\"x\",\"stay\":1,\"_default_message_ttl\":120}");
        var reply = await api.Patch("/v2/queues/p", """[{"op":"remove","path":"/metadata/old"},{"op":"remove","path":"/metadata/_default_message_ttl"}]""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Wire.AssertJson(Wire.DefaultsWith(("stay", 1)), reply.Json);
        Wire.AssertJson(Wire.DefaultsWith(("stay", 1)), await api.Metadata("p"));
    }

    [Fact]
    public async Task Given_absent_reserved_key_When_patch_remove_Then_200_no_op()
    {
        using var api = app.Api();
        await api.CreateQueue("p", "{\"stay\":1}");
        var reply = await api.Patch("/v2/queues/p", """[{"op":"remove","path":"/metadata/_dead_letter_queue"}]""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Wire.AssertJson(Wire.DefaultsWith(("stay", 1)), reply.Json);
    }

    [Fact]
    public async Task Given_missing_free_key_When_patch_replace_Then_409_and_metadata_unchanged()
    {
        using var api = app.Api();
        await api.CreateQueue("p", "{\"a\":1}");
        var reply = await api.Patch("/v2/queues/p", """[{"op":"add","path":"/metadata/a","value":2},{"op":"replace","path":"/metadata/k","value":1}]""");
        reply.AssertError(HttpStatusCode.Conflict, "Resource conflict", "Can't replace non-existent object k.");
        Wire.AssertJson(Wire.DefaultsWith(("a", 1)), await api.Metadata("p"));
    }

    [Fact]
    public async Task Given_missing_free_key_When_patch_remove_Then_409_and_metadata_unchanged()
    {
        using var api = app.Api();
        await api.CreateQueue("p", "{\"a\":1}");
        var reply = await api.Patch("/v2/queues/p", """[{"op":"remove","path":"/metadata/a"},{"op":"remove","path":"/metadata/k"}]""");
        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        Assert.Equal("Resource conflict", reply.Title);
        Wire.AssertJson(Wire.DefaultsWith(("a", 1)), await api.Metadata("p"));
    }

    [Fact]
    public async Task Given_operations_When_patch_Then_applied_in_order()
    {
        using var api = app.Api();
        await api.CreateQueue("p");
        var reply = await api.Patch("/v2/queues/p", """
            [{"op":"add","path":"/metadata/k","value":1},{"op":"replace","path":"/metadata/k","value":2},
             {"op":"add","path":"/metadata/gone","value":1},{"op":"remove","path":"/metadata/gone"}]
            """);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Wire.AssertJson(Wire.DefaultsWith(("k", 2)), reply.Json);
    }

    [Fact]
    public async Task Given_path_with_escapes_and_upper_case_root_When_patch_Then_key_unescaped()
    {
        using var api = app.Api();
        await api.CreateQueue("p");
        var reply = await api.Patch("/v2/queues/p", """[{"op":"add","path":"/METADATA/a~1b~0c","value":1}]""");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Wire.AssertJson(Wire.DefaultsWith(("a/b~c", 1)), reply.Json);
    }

    [Fact]
    public async Task Given_patch_that_makes_reserved_value_invalid_When_patch_Then_400_and_metadata_unchanged()
    {
        using var api = app.Api();
        await api.CreateQueue("p", "{\"a\":1,\"_default_message_ttl\":120}");
        var reply = await api.Patch("/v2/queues/p", """[{"op":"add","path":"/metadata/a","value":2},{"op":"replace","path":"/metadata/_default_message_ttl","value":59}]""");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid API request");
        Wire.AssertJson(Wire.DefaultsWith(("a", 1), ("_default_message_ttl", 120)), await api.Metadata("p"));
    }

    [Theory]
    [InlineData("_max_messages_post_size", "262145")]
    [InlineData("_default_message_delay", "901")]
    [InlineData("_enable_encrypt_messages", "\"yes\"")]
    [InlineData("_dead_letter_queue", "7")]
    public async Task Given_invalid_reserved_value_When_patch_add_Then_400_and_metadata_unchanged(string key, string value)
    {
        using var api = app.Api();
        await api.CreateQueue("p", "{\"a\":1}");
        var reply = await api.Patch("/v2/queues/p", $$"""[{"op":"add","path":"/metadata/{{key}}","value":{{value}}}]""");
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid API request");
        Wire.AssertJson(Wire.DefaultsWith(("a", 1)), await api.Metadata("p"));
    }

    [Fact]
    public async Task Given_missing_queue_When_patch_Then_404_and_no_queue_created()
    {
        using var api = app.Api();
        var reply = await api.Patch("/v2/queues/ghost", """[{"op":"add","path":"/metadata/k","value":1}]""");
        Assert.Equal(HttpStatusCode.NotFound, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        Assert.Empty(await api.QueueNames());
        Wire.AssertJson(Wire.ReservedDefaults(), await api.Metadata("ghost"));
    }
}
