using System.Text.Json.Nodes;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;

namespace Sluice.Domain.Tests;

/// <summary>The fixed inputs every spec shares: one clock reading, the default limits, stable ids, and givens built from events.</summary>
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

    /// <summary>A queue as the given history leaves it, folded from <see cref="QueueState.Missing"/>.</summary>
    public static QueueState Queue(params QueueEvent[] history)
    {
        QueueState state = QueueState.Missing.Instance;
        foreach (var e in history) state = QueueState.Evolve(state, e);
        return state;
    }

    public static QueueState ExistingQueue(string metadata = "{}") => Queue(new QueueEvent.QueueCreated(Metadata(metadata), Now.AddDays(-1)));

    /// <summary>A message posted ten seconds ago with a one-hour ttl, then carried through the given history.</summary>
    public static MessageState Message(MessageId id, params QueueEvent[] history)
    {
        var state = new MessageState(id, null, 0, 3600, Now.AddSeconds(-10), Now.AddSeconds(3590));
        foreach (var e in history) state = MessageState.Evolve(state, e);
        return state;
    }

    /// <summary>A message under a live claim that was taken a minute ago.</summary>
    public static MessageState ClaimedMessage(MessageId id, ClaimId claim) =>
        Message(id, new QueueEvent.MessagesClaimed(claim, [id], 300, 60, false, Now.AddMinutes(-1)));

    public static MessageState WithClaimCount(MessageId id, long claimCount) => Message(id) with { ClaimCount = claimCount };
}
