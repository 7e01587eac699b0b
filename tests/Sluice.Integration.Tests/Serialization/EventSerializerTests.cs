using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using Sluice.Infra.Serialization;

namespace Sluice.Integration.Tests.Serialization;

/// <summary>
/// Every event survives the trip to a stored row and back, under an explicit versioned name (STYLE, infra: "a test proves
/// every event is mapped and round-trips"). Pure: no database.
/// </summary>
public sealed partial class EventSerializerTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly MessageId M1 = new(Guid.Parse("0194a3b2-7c1d-7e2f-8a3b-000000000001"));
    private static readonly MessageId M2 = new(Guid.Parse("0194a3b2-7c1d-7e2f-8a3b-000000000002"));
    private static readonly ClaimId C1 = new(Guid.Parse("0194a3b2-7c1d-7e2f-8a3b-00000000c001"));
    private static readonly ClaimId C2 = new(Guid.Parse("0194a3b2-7c1d-7e2f-8a3b-00000000c002"));
    private static readonly Guid Key = Guid.Parse("0194a3b2-7c1d-7e2f-8a3b-0000000a0001");
    private static readonly byte[] RawBody = Encoding.UTF8.GetBytes("{\"a\": 1,  \"b\":\"\u00e9\", \"c\": [true, null]}");

    /// <summary>At least one sample per event type; <see cref="Given_every_event_type_When_listed_Then_each_has_a_round_trip_sample"/> keeps it complete.</summary>
    private static readonly Sluice.Domain.Subscriptions.SubscriptionId S1 = new(Guid.Parse("0192f1a4-7c1e-7d3a-9b2c-5e6f7a8b9c0d"));

    private static readonly Dictionary<string, QueueEvent> Samples = new(StringComparer.Ordinal)
    {
        ["queue created with metadata"] = new QueueEvent.QueueCreated(
            QueueMetadata.FromStored("""{"description":"billing","_default_message_ttl":300,"_dead_letter_queue":null,"nested":{"a":[1,2.5,"x"]}}"""), At),
        ["queue created with escaped text"] = new QueueEvent.QueueCreated(
            QueueMetadata.From(JsonNode.Parse("""{"d":"caf\u00e9 <b> & \"q\" \u2028"}""")!.AsObject()), At),
        ["queue created empty"] = new QueueEvent.QueueCreated(QueueMetadata.Empty, At),
        ["queue metadata updated"] = new QueueEvent.QueueMetadataUpdated(QueueMetadata.FromStored("""{"_max_claim_count":3,"_dead_letter_queue":"dead.letters"}"""), At),
        ["queue deleted"] = new QueueEvent.QueueDeleted(At),
        ["queue purged messages only"] = new QueueEvent.QueuePurged(true, false, At),
        ["queue purged subscriptions only"] = new QueueEvent.QueuePurged(false, true, At),
        ["messages posted"] = new QueueEvent.MessagesPosted("3381af92-2b9e-11e3-b191-71861300734c",
            [new PostedMessage(M1, RawBody, 3600, 30), new PostedMessage(M2, Encoding.UTF8.GetBytes("[1,\"\u00e9\"]"), 60, 0)], At),
        ["message posted with scalar body"] = new QueueEvent.MessagesPosted("client-0001", [new PostedMessage(M2, Encoding.UTF8.GetBytes("null"), 60, 0)], At),
        ["messages claimed counted"] = new QueueEvent.MessagesClaimed(C1, [M1, M2], 300, 60, true, At),
        ["messages claimed uncounted"] = new QueueEvent.MessagesClaimed(C2, [M2], 43200, 43200, false, At),
        ["claim renewed"] = new QueueEvent.ClaimRenewed(C1, 600, 0, At),
        ["claim released"] = new QueueEvent.ClaimReleased(C2, At),
        ["messages deleted under a claim"] = new QueueEvent.MessagesDeleted([M1], C1, At),
        ["messages deleted without a claim"] = new QueueEvent.MessagesDeleted([M1, M2], null, At),
        ["messages dead-lettered with ttl"] = new QueueEvent.MessagesDeadLettered(new QueueName("dead.letters"), [M1, M2], 120, At),
        ["messages dead-lettered keeping ttl"] = new QueueEvent.MessagesDeadLettered(new QueueName("Dlq_2"), [M2], null, At),
        ["messages expired"] = new QueueEvent.MessagesExpired([M2, M1], At),
        ["claims expired"] = new QueueEvent.ClaimsExpired([C1, C2], At),
        ["subscription created"] = new QueueEvent.SubscriptionCreated(S1, "http://10.0.0.1:5679/hook", 3600,
            """{"post_headers":{"X-Token":"t-1"},"_retry_policy":{"minimum_delay":1,"maximum_delay":11}}""", At),
        ["subscription updated"] = new QueueEvent.SubscriptionUpdated(S1, "mailto:ops@example.com?subject=Hi", 60, "{}", At.AddSeconds(60), At),
        ["subscription confirmed"] = new QueueEvent.SubscriptionConfirmed(S1, true, At),
        ["subscription unconfirmed"] = new QueueEvent.SubscriptionConfirmed(S1, false, At),
        ["subscription deleted"] = new QueueEvent.SubscriptionDeleted(S1, At),
    };

    public static TheoryData<string> SampleNames => [.. Samples.Keys];

    private static IEnumerable<Type> EventTypes() =>
        typeof(QueueEvent).GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic)
            .Where(t => t.IsSealed && t.IsSubclassOf(typeof(QueueEvent)));

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Given_event_When_serialized_and_read_back_Then_every_field_is_equal(string sample)
    {
        var e = Samples[sample];

        var back = EventSerializer.Deserialize(EventSerializer.Serialize(e, Key, 0), At);

        EventFields.AssertEqual(e, back);
    }

    [Theory]
    [MemberData(nameof(SampleNames))]
    public void Given_event_When_serialized_Then_stored_under_its_mapped_name(string sample)
    {
        var e = Samples[sample];

        Assert.Equal(EventTypeNames.Of(e), EventSerializer.Serialize(e, Key, 0).Type);
    }

    [Fact]
    public void Given_post_When_serialized_Then_its_first_message_id_is_the_event_id_and_the_raw_bodies_are_stored_back_to_back()
    {
        var posted = (QueueEvent.MessagesPosted)Samples["messages posted"];

        var stored = EventSerializer.Serialize(posted, Key, 3);

        Assert.Equal(M1.Value, stored.EventId);
        Assert.Equal([.. RawBody, .. posted.Messages[1].Body.ToArray()], stored.Body!);
        Assert.DoesNotContain("\"a\": 1", stored.Data, StringComparison.Ordinal);
    }

    [Fact]
    public void Given_a_stored_first_version_post_When_read_Then_it_is_a_post_of_one_message_whose_id_is_the_event_id()
    {
        var stored = new StoredEvent(M1.Value, EventTypeNames.MessagePostedV1, """{"client_id":"c-1","ttl":300,"delay":5}""", RawBody);

        var read = Assert.IsType<QueueEvent.MessagesPosted>(EventSerializer.Deserialize(stored, At));

        EventFields.AssertEqual(new QueueEvent.MessagesPosted("c-1", [new PostedMessage(M1, RawBody, 300, 5)], At), read);
    }

    [Fact]
    public void Given_a_claim_When_serialized_Then_the_claim_id_is_the_event_id()
    {
        Assert.Equal(C1.Value, EventSerializer.Serialize(Samples["messages claimed counted"], Key, 2).EventId);
    }

    [Fact]
    public void Given_other_events_When_serialized_Then_their_ids_derive_from_the_append_key_and_their_place_in_it()
    {
        var e = Samples["claim released"];

        var first = EventSerializer.Serialize(e, Key, 0);
        var again = EventSerializer.Serialize(e, Key, 0);
        var second = EventSerializer.Serialize(e, Key, 1);
        var other = EventSerializer.Serialize(e, Guid.CreateVersion7(), 0);

        Assert.Null(first.Body);
        Assert.Equal(first.EventId, again.EventId);
        Assert.NotEqual(Key, first.EventId);
        Assert.NotEqual(first.EventId, second.EventId);
        Assert.NotEqual(first.EventId, other.EventId);
    }

    [Fact]
    public void Given_an_append_with_a_minted_id_When_keyed_Then_the_key_is_that_id_and_every_event_id_differs()
    {
        var q = new QueueName("q");
        var pop = new StreamEvent[] { new(q, Samples["messages claimed counted"]), new(q, Samples["messages deleted under a claim"]) };
        var post = new StreamEvent[] { new(q, Samples["queue created empty"]), new(q, Samples["messages posted"]) };
        var fresh = Guid.CreateVersion7();

        Assert.Equal(C1.Value, EventSerializer.AppendKey(pop, fresh));
        Assert.Equal(M1.Value, EventSerializer.AppendKey(post, fresh));
        Assert.Equal(fresh, EventSerializer.AppendKey([new StreamEvent(q, Samples["queue deleted"])], fresh));
        var ids = post.Select((e, i) => EventSerializer.Serialize(e.Event, M1.Value, i).EventId).ToArray();
        Assert.Equal(M1.Value, ids[1]);
        Assert.NotEqual(ids[0], ids[1]);
    }

    [Fact]
    public void Given_every_event_type_When_mapped_Then_each_has_a_distinct_kebab_case_versioned_name()
    {
        var names = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in EventTypes())
        {
            // An uninitialised instance is enough: the map switches on the type alone.
            var blank = (QueueEvent)RuntimeHelpers.GetUninitializedObject(type);
            var name = Record.Exception(() => EventTypeNames.Of(blank)) is { } unmapped
                ? throw new Xunit.Sdk.XunitException($"{type.Name} has no stored name: {unmapped.Message}")
                : EventTypeNames.Of(blank);

            Assert.Matches(KebabCaseVersioned(), name);
            Assert.True(names.TryAdd(name, type), $"{type.Name} and {names.GetValueOrDefault(name)?.Name} share the name {name}");
        }
        Assert.Contains(typeof(QueueEvent.MessagesPosted), names.Values);
        Assert.Equal(names.Keys.Append(EventTypeNames.MessagePostedV1).Order(StringComparer.Ordinal), EventTypeNames.All.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Given_every_event_type_When_listed_Then_each_has_a_round_trip_sample()
    {
        var sampled = Samples.Values.Select(e => e.GetType().Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(EventTypes(), t => Assert.True(sampled.Contains(t.Name), $"No round-trip sample for {t.Name}"));
    }

    [Fact]
    public void Given_stored_event_of_unknown_type_When_read_Then_refused_loudly()
    {
        var stored = new StoredEvent(Guid.CreateVersion7(), "messages-posted.v99", "{}", null);

        Assert.Throws<InvalidOperationException>(() => EventSerializer.Deserialize(stored, At));
    }

    [GeneratedRegex(@"^[a-z]+(-[a-z]+)*\.v[1-9][0-9]*$")]
    private static partial Regex KebabCaseVersioned();
}
