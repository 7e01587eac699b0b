using System.Net;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Queues;

/// <summary>Contract §7.1 on PUT and §4.3 GET: reserved keys are validated, defaults fill absent and falsy values.</summary>
public sealed class ReservedMetadataTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Theory]
    [InlineData("""{"_max_messages_post_size":0}""")]
    [InlineData("""{"_max_messages_post_size":262145}""")]
    [InlineData("""{"_max_messages_post_size":"100"}""")]
    [InlineData("""{"_default_message_ttl":0}""")]
    [InlineData("""{"_default_message_ttl":59}""")]
    [InlineData("""{"_default_message_ttl":1209601}""")]
    [InlineData("""{"_default_message_ttl":"300"}""")]
    [InlineData("""{"_default_message_ttl":300.5}""")]
    [InlineData("""{"_default_message_delay":901}""")]
    [InlineData("""{"_default_message_delay":-1}""")]
    [InlineData("""{"_default_message_delay":true}""")]
    [InlineData("""{"_dead_letter_queue_messages_ttl":59}""")]
    [InlineData("""{"_dead_letter_queue_messages_ttl":1209601}""")]
    [InlineData("""{"_dead_letter_queue":5}""")]
    [InlineData("""{"_dead_letter_queue":true}""")]
    [InlineData("""{"_max_claim_count":"3"}""")]
    [InlineData("""{"_enable_encrypt_messages":"yes"}""")]
    [InlineData("""{"_enable_encrypt_messages":1}""")]
    [InlineData("""{"description":"ok","_default_message_ttl":10}""")]
    public async Task Given_invalid_reserved_value_When_put_Then_400_invalid_api_request_and_nothing_created(string body)
    {
        using var api = app.Api();
        var reply = await api.Put("/v2/queues/reserved", body);
        reply.AssertError(HttpStatusCode.BadRequest, "Invalid API request");
        Assert.Empty(await api.QueueNames());
        Wire.AssertJson(Wire.ReservedDefaults(), await api.Metadata("reserved"));
    }

    [Theory]
    [InlineData("""{"_max_messages_post_size":1}""")]
    [InlineData("""{"_max_messages_post_size":262144}""")]
    [InlineData("""{"_default_message_ttl":60}""")]
    [InlineData("""{"_default_message_ttl":1209600}""")]
    [InlineData("""{"_default_message_delay":0}""")]
    [InlineData("""{"_default_message_delay":900}""")]
    [InlineData("""{"_dead_letter_queue":"dlq"}""")]
    [InlineData("""{"_dead_letter_queue_messages_ttl":60}""")]
    [InlineData("""{"_max_claim_count":-1}""")]
    [InlineData("""{"_max_claim_count":1000000}""")]
    [InlineData("""{"_enable_encrypt_messages":true}""")]
    [InlineData("""{"_enable_encrypt_messages":false}""")]
    [InlineData("""{"_default_message_ttl":null,"_max_messages_post_size":null}""")]
    [InlineData("""{"_dead_letter_queue":"","_max_claim_count":0}""")]
    public async Task Given_valid_reserved_value_When_put_Then_201(string body)
    {
        using var api = app.Api();
        var reply = await api.Put("/v2/queues/reserved", body);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
    }

    [Fact]
    public async Task Given_missing_queue_When_get_Then_200_with_reserved_defaults_only_and_no_queue_created()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/queues/ghost");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        Wire.AssertJson(Wire.ReservedDefaults(), reply.Json);
        Assert.Empty(await api.QueueNames());
    }

    [Fact]
    public async Task Given_reserved_values_set_When_get_Then_they_replace_defaults()
    {
        using var api = app.Api();
        await api.CreateQueue("set", """
            {"_max_messages_post_size":1000,"_default_message_ttl":120,"_default_message_delay":30,
             "_dead_letter_queue":"dlq","_dead_letter_queue_messages_ttl":600,"_max_claim_count":2,"_enable_encrypt_messages":true,"k":"v"}
            """);
        var expected = Wire.DefaultsWith(("_max_messages_post_size", 1000), ("_default_message_ttl", 120), ("_default_message_delay", 30),
            ("_dead_letter_queue", "dlq"), ("_dead_letter_queue_messages_ttl", 600), ("_max_claim_count", 2), ("_enable_encrypt_messages", true), ("k", "v"));
        Wire.AssertJson(expected, await api.Metadata("set"));
    }

    [Fact]
    public async Task Given_falsy_reserved_values_stored_When_get_Then_they_read_back_as_defaults()
    {
        using var api = app.Api();
        await api.CreateQueue("falsy", """
            {"_max_messages_post_size":null,"_default_message_ttl":null,"_default_message_delay":0,
             "_dead_letter_queue":"","_dead_letter_queue_messages_ttl":null,"_max_claim_count":0,"_enable_encrypt_messages":false,"free":0}
            """);
        Wire.AssertJson(Wire.DefaultsWith(("free", 0)), await api.Metadata("falsy"));
    }

    [Fact]
    public async Task Given_falsy_reserved_values_stored_When_list_detailed_Then_they_read_back_as_defaults()
    {
        using var api = app.Api();
        await api.CreateQueue("falsy", """{"_default_message_ttl":null,"_max_claim_count":0,"_dead_letter_queue":""}""");
        var reply = await api.Get("/v2/queues?detailed=true");
        Wire.AssertJson(Wire.ReservedDefaults(), reply.Json!["queues"]![0]!["metadata"]);
    }
}
