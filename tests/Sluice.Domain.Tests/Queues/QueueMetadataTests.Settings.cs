using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Queues;

/// <summary>Effective settings: stored values where truthy, configured defaults otherwise; post size is min(config, queue).</summary>
public sealed partial class QueueMetadataTests
{
    [Fact]
    public void Given_no_reserved_keys_When_settings_read_Then_configured_defaults_and_no_delay_or_dead_lettering()
    {
        var settings = Settings("""{"description":"x"}""");

        Assert.Equal(new QueueSettings(262144, 3600, null, null, null, null), settings);
        Assert.False(settings.DeadLettering);
    }

    [Fact]
    public void Given_every_reserved_key_set_When_settings_read_Then_the_stored_values_apply()
    {
        var settings = Settings("""
            {"_max_messages_post_size":100,"_default_message_ttl":300,"_default_message_delay":30,
             "_dead_letter_queue":"dead.letters","_dead_letter_queue_messages_ttl":120,"_max_claim_count":4}
            """);

        Assert.Equal(new QueueSettings(100, 300, 30, Dlq, 120, 4), settings);
        Assert.True(settings.DeadLettering);
    }

    [Fact]
    public void Given_queue_post_size_above_the_configured_one_When_settings_read_Then_the_configured_one_applies()
    {
        var settings = QueueMetadata.FromStored("""{"_max_messages_post_size":5000}""").Settings(new Limits { MaxMessagesPostSize = 1000 });

        Assert.Equal(1000, settings.MaxPostSize);
    }

    [Fact]
    public void Given_configured_defaults_When_queue_sets_nothing_Then_they_apply()
    {
        var settings = QueueMetadata.Empty.Settings(new Limits { MaxMessagesPostSize = 1000, DefaultMessageTtl = 120, DefaultMessageDelay = 5 });

        Assert.Equal(new QueueSettings(1000, 120, null, null, null, null), settings);
    }

    [Fact]
    public void Given_falsy_stored_values_When_settings_read_Then_they_count_as_unset()
    {
        var settings = QueueMetadata.FromStored("""
            {"_max_messages_post_size":0,"_default_message_ttl":false,"_default_message_delay":0,
             "_dead_letter_queue":"","_dead_letter_queue_messages_ttl":null}
            """).Settings(Defaults);

        Assert.Equal(new QueueSettings(262144, 3600, null, null, null, null), settings);
    }

    [Theory]
    [InlineData("""{"_max_claim_count":3}""")]
    [InlineData("""{"_dead_letter_queue":"dead.letters"}""")]
    [InlineData("""{"_max_claim_count":3,"_dead_letter_queue":null}""")]
    public void Given_only_one_of_max_claim_count_and_dlq_When_settings_read_Then_no_dead_lettering(string metadata)
    {
        Assert.False(Settings(metadata).DeadLettering);
    }

    /// <summary>§7.1: "_max_claim_count has no range check (≤ 0 with a DLQ moves every message on its first claim attempt)".</summary>
    [Fact]
    public void Given_zero_max_claim_count_with_dlq_When_settings_read_Then_dead_lettering_with_max_zero()
    {
        var settings = Settings("""{"_max_claim_count":0,"_dead_letter_queue":"dead.letters"}""");

        Assert.Equal(0, settings.MaxClaimCount);
        Assert.True(settings.DeadLettering);
    }
}
