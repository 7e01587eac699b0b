using System.Text.Json.Nodes;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Queues;

public sealed partial class QueueDeciderTests
{
    // Values are parsed, as the HTTP edge hands them over (QueueMetadataTests pins numbers built in code).
    private static MetadataPatch Add(string key, string json) => new(PatchOp.Add, key, JsonNode.Parse(json));

    private static MetadataPatch Replace(string key, string json) => new(PatchOp.Replace, key, JsonNode.Parse(json));

    private static MetadataPatch Remove(string key) => new(PatchOp.Remove, key, null);

    private static void ThenUpdatedTo(Decision<QueueMetadata> decision, string json)
    {
        var expected = Metadata(json);
        Then.Accepted(decision, new QueueEvent.QueueMetadataUpdated(expected, Now));
        Assert.Equal(expected, decision.Value);
    }

    [Fact]
    public void Given_no_queue_When_patched_Then_refused_as_queue_not_found()
    {
        var decision = QueueDecider.Patch(Queue(), [Add("a", "1")], Defaults, Now);

        Then.Refused(decision, Rejection.QueueNotFound);
    }

    [Fact]
    public void Given_queue_When_new_key_added_Then_metadata_updated_with_the_key_appended()
    {
        var decision = QueueDecider.Patch(ExistingQueue("""{"a":1}"""), [Add("b", "\"two\"")], Defaults, Now);

        ThenUpdatedTo(decision, """{"a":1,"b":"two"}""");
    }

    [Fact]
    public void Given_queue_with_key_When_same_key_added_Then_its_value_is_overwritten()
    {
        var decision = QueueDecider.Patch(ExistingQueue("""{"a":1,"b":2}"""), [Add("a", """{"x":true}""")], Defaults, Now);

        ThenUpdatedTo(decision, """{"a":{"x":true},"b":2}""");
    }

    [Fact]
    public void Given_queue_When_key_added_with_null_Then_key_stored_as_null()
    {
        var decision = QueueDecider.Patch(ExistingQueue(), [Add("a", "null")], Defaults, Now);

        ThenUpdatedTo(decision, """{"a":null}""");
    }

    [Fact]
    public void Given_queue_with_key_When_replaced_Then_value_set()
    {
        var decision = QueueDecider.Patch(ExistingQueue("""{"a":1}"""), [Replace("a", "5")], Defaults, Now);

        ThenUpdatedTo(decision, """{"a":5}""");
    }

    [Fact]
    public void Given_queue_without_reserved_key_When_reserved_key_replaced_Then_value_set()
    {
        var decision = QueueDecider.Patch(ExistingQueue(), [Replace(QueueMetadata.MaxClaimCountKey, "3")], Defaults, Now);

        ThenUpdatedTo(decision, """{"_max_claim_count":3}""");
    }

    [Fact]
    public void Given_queue_without_free_key_When_replaced_Then_refused_naming_the_key()
    {
        var decision = QueueDecider.Patch(ExistingQueue("""{"a":1}"""), [Replace("missing", "1")], Defaults, Now);

        Then.Refused(decision, Rejection.MetadataReplaceMissing, "missing");
    }

    [Fact]
    public void Given_queue_with_key_When_removed_Then_key_gone()
    {
        var decision = QueueDecider.Patch(ExistingQueue("""{"a":1,"b":2}"""), [Remove("a")], Defaults, Now);

        ThenUpdatedTo(decision, """{"b":2}""");
    }

    [Fact]
    public void Given_queue_with_reserved_key_When_removed_Then_it_reads_back_as_its_default()
    {
        var decision = QueueDecider.Patch(ExistingQueue("""{"_default_message_ttl":300}"""), [Remove(QueueMetadata.DefaultTtlKey)], Defaults, Now);

        ThenUpdatedTo(decision, "{}");
        Assert.Equal(3600, decision.Value!.WithDefaults(Defaults)[QueueMetadata.DefaultTtlKey]!.GetValue<int>());
    }

    [Fact]
    public void Given_queue_without_reserved_key_When_it_is_removed_Then_no_op_update()
    {
        var decision = QueueDecider.Patch(ExistingQueue("""{"a":1}"""), [Remove(QueueMetadata.DeadLetterQueueKey)], Defaults, Now);

        ThenUpdatedTo(decision, """{"a":1}""");
    }

    [Fact]
    public void Given_queue_without_free_key_When_it_is_removed_Then_refused_naming_the_key()
    {
        var decision = QueueDecider.Patch(ExistingQueue("""{"a":1}"""), [Remove("b")], Defaults, Now);

        Then.Refused(decision, Rejection.MetadataRemoveMissing, "b");
    }

    [Fact]
    public void Given_queue_When_operations_build_on_each_other_Then_applied_in_order()
    {
        var patch = new[] { Add("k", "1"), Replace("k", "2"), Add("gone", "true"), Remove("gone") };

        var decision = QueueDecider.Patch(ExistingQueue(), patch, Defaults, Now);

        ThenUpdatedTo(decision, """{"k":2}""");
    }

    [Fact]
    public void Given_queue_When_later_operation_fails_Then_whole_patch_refused_and_stored_metadata_untouched()
    {
        var state = ExistingQueue("""{"a":1}""");

        var decision = QueueDecider.Patch(state, [Add("b", "2"), Remove("nope")], Defaults, Now);

        Then.Refused(decision, Rejection.MetadataRemoveMissing, "nope");
        Assert.Equal("""{"a":1}""", ((QueueState.Existing)state).Metadata.Json);
    }

    [Fact]
    public void Given_queue_When_patch_makes_reserved_value_invalid_Then_refused_as_invalid_naming_the_key()
    {
        var decision = QueueDecider.Patch(ExistingQueue(), [Add(QueueMetadata.DefaultTtlKey, "59")], Defaults, Now);

        Then.Refused(decision, Rejection.MetadataInvalid, QueueMetadata.DefaultTtlKey);
    }

    [Fact]
    public void Given_queue_When_patch_sets_reserved_key_to_falsy_value_Then_accepted()
    {
        var decision = QueueDecider.Patch(ExistingQueue("""{"_default_message_delay":30}"""), [Replace(QueueMetadata.DefaultDelayKey, "0")], Defaults, Now);

        ThenUpdatedTo(decision, """{"_default_message_delay":0}""");
    }

    [Fact]
    public void Given_queue_When_one_value_node_is_used_by_two_operations_Then_both_keys_get_it()
    {
        var shared = new JsonArray(1, 2);

        var decision = QueueDecider.Patch(ExistingQueue(), [new MetadataPatch(PatchOp.Add, "a", shared), new MetadataPatch(PatchOp.Add, "b", shared)], Defaults, Now);

        ThenUpdatedTo(decision, """{"a":[1,2],"b":[1,2]}""");
        Assert.Null(shared.Parent);
    }

    [Fact]
    public void Given_queue_When_patched_Then_validated_against_configured_limits()
    {
        var limits = new Limits { MaxMessageDelay = 10 };

        var decision = QueueDecider.Patch(ExistingQueue(), [Add(QueueMetadata.DefaultDelayKey, "11")], limits, Now);

        Then.Refused(decision, Rejection.MetadataInvalid, QueueMetadata.DefaultDelayKey);
    }
}
