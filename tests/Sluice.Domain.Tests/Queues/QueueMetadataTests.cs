using System.Text.Json.Nodes;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Queues;

/// <summary>
/// Reserved-key validation (§7.1): falsy values skip the type check, null skips the range check, and 0 is
/// range-checked. Free keys are never checked.
/// </summary>
public sealed partial class QueueMetadataTests
{
    private static Refusal? Validate(string key, string json) => QueueMetadata.Validate(Json($$"""{"{{key}}":{{json}}}"""), Defaults);

    [Theory]
    [InlineData("_max_messages_post_size", "1")]
    [InlineData("_max_messages_post_size", "262144")]
    [InlineData("_default_message_ttl", "60")]
    [InlineData("_default_message_ttl", "1209600")]
    [InlineData("_default_message_delay", "0")]
    [InlineData("_default_message_delay", "900")]
    [InlineData("_dead_letter_queue_messages_ttl", "60")]
    [InlineData("_dead_letter_queue_messages_ttl", "1209600")]
    [InlineData("_max_claim_count", "3")]
    [InlineData("_max_claim_count", "0")]
    [InlineData("_max_claim_count", "-5")]
    [InlineData("_dead_letter_queue", "\"dead.letters_1-x\"")]
    [InlineData("_enable_encrypt_messages", "true")]
    [InlineData("_enable_encrypt_messages", "false")]
    public void Given_reserved_key_with_value_of_its_type_in_range_When_validated_Then_accepted(string key, string json)
    {
        Assert.Null(Validate(key, json));
    }

    [Theory]
    [InlineData("_max_messages_post_size", "0")]
    [InlineData("_max_messages_post_size", "-1")]
    [InlineData("_max_messages_post_size", "262145")]
    [InlineData("_default_message_ttl", "0")]
    [InlineData("_default_message_ttl", "59")]
    [InlineData("_default_message_ttl", "1209601")]
    [InlineData("_default_message_delay", "-1")]
    [InlineData("_default_message_delay", "901")]
    [InlineData("_dead_letter_queue_messages_ttl", "0")]
    [InlineData("_dead_letter_queue_messages_ttl", "59")]
    [InlineData("_dead_letter_queue_messages_ttl", "1209601")]
    public void Given_reserved_number_out_of_range_including_zero_When_validated_Then_refused_naming_the_key(string key, string json)
    {
        Assert.Equal(new Refusal(Rejection.MetadataInvalid, key), Validate(key, json));
    }

    [Theory]
    [InlineData("_max_messages_post_size", "\"100\"")]
    [InlineData("_max_messages_post_size", "1.5")]
    [InlineData("_default_message_ttl", "\"3600\"")]
    [InlineData("_default_message_ttl", "true")]
    [InlineData("_default_message_ttl", "[3600]")]
    [InlineData("_default_message_delay", "{\"s\":1}")]
    [InlineData("_dead_letter_queue_messages_ttl", "\"x\"")]
    [InlineData("_max_claim_count", "\"3\"")]
    [InlineData("_max_claim_count", "1.5")]
    [InlineData("_dead_letter_queue", "5")]
    [InlineData("_dead_letter_queue", "true")]
    [InlineData("_dead_letter_queue", "\"not a queue name\"")]
    [InlineData("_enable_encrypt_messages", "\"true\"")]
    [InlineData("_enable_encrypt_messages", "1")]
    public void Given_reserved_key_with_truthy_value_of_the_wrong_type_When_validated_Then_refused_naming_the_key(string key, string json)
    {
        Assert.Equal(new Refusal(Rejection.MetadataInvalid, key), Validate(key, json));
    }

    [Theory]
    [InlineData("null")]
    [InlineData("false")]
    [InlineData("\"\"")]
    [InlineData("[]")]
    [InlineData("{}")]
    public void Given_every_reserved_key_with_a_falsy_non_number_When_validated_Then_accepted(string json)
    {
        foreach (var key in QueueMetadata.ReservedKeys) Assert.Null(Validate(key, json));
    }

    [Fact]
    public void Given_dead_letter_queue_name_longer_than_64_When_validated_Then_refused()
    {
        Assert.Equal(new Refusal(Rejection.MetadataInvalid, QueueMetadata.DeadLetterQueueKey), Validate(QueueMetadata.DeadLetterQueueKey, $"\"{new string('q', 65)}\""));
    }

    [Fact]
    public void Given_free_keys_of_any_shape_When_validated_Then_accepted()
    {
        var metadata = Json("""{"description":"billing","_custom":0,"n":-1,"nested":{"_default_message_ttl":0},"list":[1,"a"],"nothing":null}""");

        Assert.Null(QueueMetadata.Validate(metadata, Defaults));
    }

    [Fact]
    public void Given_several_invalid_keys_When_validated_Then_the_first_one_is_named()
    {
        var metadata = Json("""{"a":1,"_default_message_delay":901,"_default_message_ttl":0}""");

        Assert.Equal(new Refusal(Rejection.MetadataInvalid, QueueMetadata.DefaultDelayKey), QueueMetadata.Validate(metadata, Defaults));
    }

    [Fact]
    public void Given_configured_limits_When_validated_Then_ranges_follow_them()
    {
        var limits = new Limits { MaxMessagesPostSize = 1000, MaxMessageTtl = 600, MaxMessageDelay = 10 };

        Assert.Null(QueueMetadata.Validate(Json("""{"_max_messages_post_size":1000,"_default_message_ttl":600,"_default_message_delay":10}"""), limits));
        Assert.NotNull(QueueMetadata.Validate(Json("""{"_max_messages_post_size":1001}"""), limits));
        Assert.NotNull(QueueMetadata.Validate(Json("""{"_default_message_ttl":601}"""), limits));
        Assert.NotNull(QueueMetadata.Validate(Json("""{"_dead_letter_queue_messages_ttl":601}"""), limits));
        Assert.NotNull(QueueMetadata.Validate(Json("""{"_default_message_delay":11}"""), limits));
    }

    /// <summary>A JSON number is a number however the node was made; the edge parses, but Validate is public and takes any node.</summary>
    [Fact]
    public void Given_reserved_numbers_built_in_code_When_validated_Then_judged_like_parsed_ones()
    {
        var metadata = new JsonObject
        {
            [QueueMetadata.MaxClaimCountKey] = 3,
            [QueueMetadata.DefaultTtlKey] = 300,
            [QueueMetadata.DefaultDelayKey] = 0,
        };

        Assert.Null(QueueMetadata.Validate(metadata, Defaults));
    }
}
