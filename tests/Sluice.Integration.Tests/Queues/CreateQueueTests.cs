using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Queues;

/// <summary>Contract §4.2: PUT /v2/queues/{q}.</summary>
public sealed class CreateQueueTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_new_name_When_put_without_body_Then_201_with_location_and_empty_body()
    {
        using var api = app.Api();
        var reply = await api.Put("/v2/queues/fresh");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("/v2/queues/fresh", reply.Location);
        Assert.Equal("", reply.Body);
        Assert.Equal(["fresh"], await api.QueueNames());
        Wire.AssertJson(Wire.ReservedDefaults(), await api.Metadata("fresh"));
    }

    [Fact]
    public async Task Given_new_name_When_put_with_metadata_Then_201_and_free_and_reserved_keys_stored()
    {
        using var api = app.Api();
        var reply = await api.Put("/v2/queues/meta", """{"description":"billing","nested":{"a":[1,2]},"_default_message_ttl":300,"_max_claim_count":3}""");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal("/v2/queues/meta", reply.Location);
        var expected = Wire.DefaultsWith(("description", "billing"), ("nested", JsonNode.Parse("""{"a":[1,2]}""")),
            ("_default_message_ttl", 300), ("_max_claim_count", 3));
        Wire.AssertJson(expected, await api.Metadata("meta"));
    }

    [Fact]
    public async Task Given_existing_queue_When_put_again_Then_204_and_metadata_unchanged()
    {
        using var api = app.Api();
        await api.CreateQueue("again", "{\"description\":\"first\"}");
        var reply = await api.Put("/v2/queues/again", "{\"description\":\"second\",\"_default_message_ttl\":120}");
        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        Assert.Equal("/v2/queues/again", reply.Location);
        Assert.Equal("", reply.Body);
        Wire.AssertJson(Wire.DefaultsWith(("description", "first")), await api.Metadata("again"));
    }

    [Fact]
    public async Task Given_existing_queue_When_put_again_with_invalid_body_Then_queue_metadata_unchanged()
    {
        using var api = app.Api();
        await api.CreateQueue("kept", "{\"description\":\"first\"}");
        await api.Put("/v2/queues/kept", "{\"_default_message_ttl\":1}");
        Wire.AssertJson(Wire.DefaultsWith(("description", "first")), await api.Metadata("kept"));
        Assert.Equal(["kept"], await api.QueueNames());
    }

    [Fact]
    public async Task Given_queue_created_by_posting_messages_When_put_Then_204()
    {
        using var api = app.Api();
        await api.PostMessages("implicit", "1");
        var reply = await api.Put("/v2/queues/implicit", "{\"description\":\"late\"}");
        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        Assert.Equal("/v2/queues/implicit", reply.Location);
        Wire.AssertJson(Wire.ReservedDefaults(), await api.Metadata("implicit"));
    }

    [Theory]
    [InlineData("[1,2]", "Document type not supported.")]
    [InlineData("[]", "Document type not supported.")]
    [InlineData("\"str\"", "Request body could not be parsed.")]
    [InlineData("5", "Request body could not be parsed.")]
    [InlineData("null", "Request body could not be parsed.")]
    [InlineData("{", "Request body could not be parsed.")]
    [InlineData("{\"a\":99999999999999999999}", "JSON contains integer that is too large.")]
    public async Task Given_body_not_a_json_object_When_put_Then_400_invalid_request_body_and_no_queue(string body, string description)
    {
        using var api = app.Api();
        var reply = await api.Put("/v2/queues/shaped", body);
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid request body", description);
        Assert.Empty(await api.QueueNames());
    }

    [Fact]
    public async Task Given_metadata_over_65536_bytes_When_put_Then_400_too_large_and_no_queue()
    {
        using var api = app.Api();
        var body = Padded(65537);
        var reply = await api.Put("/v2/queues/huge", body);
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid API request", "Queue metadata is too large. Max size: 65536");
        Assert.Empty(await api.QueueNames());
        Assert.Equal(0, (await api.Stats("huge"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Given_metadata_of_exactly_65536_bytes_When_put_Then_201()
    {
        using var api = app.Api();
        var reply = await api.Put("/v2/queues/edge", Padded(65536));
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(65536 - 10, (await api.Metadata("edge"))["pad"]!.GetValue<string>().Length);
    }

    /// <summary>{"pad":"xxx…"} of exactly <paramref name="bytes"/> bytes.</summary>
    private static string Padded(int bytes) => "{\"pad\":\"" + new string('x', bytes - 10) + "\"}";
}
