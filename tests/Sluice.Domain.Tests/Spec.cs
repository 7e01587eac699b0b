using System.Text.Json.Nodes;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;

namespace Sluice.Domain.Tests;

/// <summary>The fixed inputs every spec shares: one clock reading, the default limits, stable ids, and givens as the state records the store builds.</summary>
internal static class Spec
{
    public static readonly DateTimeOffset Now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly Limits Defaults = new();

    public static readonly MessageId M1 = new(Guid.Parse("00000000-0000-0000-0000-000000000001"));
    public static readonly MessageId M2 = new(Guid.Parse("00000000-0000-0000-0000-000000000002"));
    public static readonly MessageId M3 = new(Guid.Parse("00000000-0000-0000-0000-000000000003"));

    public static readonly ClaimId C1 = new(Guid.Parse("00000000-0000-0000-0000-00000000c001"));
    public static readonly ClaimId C2 = new(Guid.Parse("00000000-0000-0000-0000-00000000c002"));

    public static readonly QueueName Dlq = new("dead.letters");

    public static JsonObject Json(string json) => JsonNode.Parse(json)!.AsObject();

    public static QueueMetadata Metadata(string json) => QueueMetadata.From(Json(json));

    public static QueueSettings Settings(string json) => Metadata(json).Settings(Defaults);

    /// <summary>No such queue: never created, or deleted.</summary>
    public static QueueState Queue() => QueueState.Missing.Instance;

    public static QueueState ExistingQueue(string metadata = "{}") => new QueueState.Existing(Metadata(metadata));

    /// <summary>A message posted ten seconds ago with a one-hour ttl, under no claim.</summary>
    public static MessageState Message(MessageId id) => new(id, null, 0, 3600, Now.AddSeconds(-10), Now.AddSeconds(3590));

    /// <summary>A message under a live claim (taken a minute ago for 300 s, so its one-hour life is not extended).</summary>
    public static MessageState ClaimedMessage(MessageId id, ClaimId claim) => Message(id) with { Claim = claim };

    public static MessageState WithClaimCount(MessageId id, long claimCount) => Message(id) with { ClaimCount = claimCount };
}
