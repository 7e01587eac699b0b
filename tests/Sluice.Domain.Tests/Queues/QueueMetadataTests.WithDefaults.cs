using System.Text.Json.Nodes;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Queues;

/// <summary>The GET/PATCH representation: stored keys, every reserved key filled when absent or falsy (§4).</summary>
public sealed partial class QueueMetadataTests
{
    private const string AllDefaults = """
        {"_max_messages_post_size":262144,"_default_message_ttl":3600,"_default_message_delay":0,"_dead_letter_queue":null,
         "_dead_letter_queue_messages_ttl":null,"_max_claim_count":null,"_enable_encrypt_messages":false}
        """;

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"Expected {expected}{Environment.NewLine}Actual   {actual.ToJsonString()}");

    [Fact]
    public void Given_empty_metadata_When_represented_Then_every_reserved_key_has_its_default()
    {
        var o = QueueMetadata.Empty.WithDefaults(Defaults);

        AssertJson(AllDefaults, o);
        Assert.All(QueueMetadata.ReservedKeys, key => Assert.True(o.ContainsKey(key), key));
    }

    [Fact]
    public void Given_stored_values_When_represented_Then_free_keys_and_truthy_reserved_values_are_kept()
    {
        var metadata = Metadata("""{"description":"billing","_default_message_ttl":300,"_dead_letter_queue":"dead.letters","_max_claim_count":2,"_enable_encrypt_messages":true}""");

        AssertJson("""
            {"description":"billing","_max_messages_post_size":262144,"_default_message_ttl":300,"_default_message_delay":0,
             "_dead_letter_queue":"dead.letters","_dead_letter_queue_messages_ttl":null,"_max_claim_count":2,"_enable_encrypt_messages":true}
            """, metadata.WithDefaults(Defaults));
    }

    [Fact]
    public void Given_falsy_stored_reserved_values_When_represented_Then_they_read_back_as_defaults()
    {
        var metadata = QueueMetadata.FromStored("""
            {"_max_messages_post_size":0,"_default_message_ttl":"","_default_message_delay":false,"_dead_letter_queue":"",
             "_dead_letter_queue_messages_ttl":[],"_max_claim_count":0,"_enable_encrypt_messages":null}
            """);

        AssertJson(AllDefaults, metadata.WithDefaults(Defaults));
    }

    [Fact]
    public void Given_falsy_free_values_When_represented_Then_they_are_kept_as_stored()
    {
        AssertJson(AllDefaults.Replace("{", """{"a":0,"b":"","c":null,""", StringComparison.Ordinal), Metadata("""{"a":0,"b":"","c":null}""").WithDefaults(Defaults));
    }

    [Fact]
    public void Given_configured_defaults_When_represented_Then_they_fill_the_reserved_keys()
    {
        var o = QueueMetadata.Empty.WithDefaults(new Limits { MaxMessagesPostSize = 1000, DefaultMessageTtl = 120, DefaultMessageDelay = 5 });

        Assert.Equal(1000, o[QueueMetadata.MaxPostSizeKey]!.GetValue<int>());
        Assert.Equal(120, o[QueueMetadata.DefaultTtlKey]!.GetValue<int>());
        Assert.Equal(5, o[QueueMetadata.DefaultDelayKey]!.GetValue<int>());
    }

    [Fact]
    public void Given_a_representation_When_the_caller_changes_it_Then_the_metadata_is_unchanged()
    {
        var metadata = Metadata("""{"a":1}""");

        metadata.WithDefaults(Defaults)["a"] = 2;
        metadata.ToObject()["a"] = 3;

        Assert.Equal("""{"a":1}""", metadata.Json);
        Assert.Equal(1, metadata.WithDefaults(Defaults)["a"]!.GetValue<int>());
    }
}
