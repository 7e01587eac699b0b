using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Subscriptions;

namespace Sluice.Domain.Queues;

/// <summary>
/// Everything that happens to a queue, appended to the tenant's stream in the queue's sub-stream. Times are
/// carried as data so that replaying the events rebuilds the projections exactly (DESIGN §4, §8).
/// </summary>
public abstract record QueueEvent
{
    private QueueEvent(DateTimeOffset at) => At = at;

    /// <summary>When it happened: the event's time in the log, and the time every derived expiry counts from.</summary>
    public DateTimeOffset At { get; }

    public sealed record QueueCreated(QueueMetadata Metadata, DateTimeOffset At) : QueueEvent(At);

    public sealed record QueueMetadataUpdated(QueueMetadata Metadata, DateTimeOffset At) : QueueEvent(At);

    public sealed record QueueDeleted(DateTimeOffset At) : QueueEvent(At);

    public sealed record QueuePurged(bool Messages, bool Subscriptions, DateTimeOffset At) : QueueEvent(At);

    /// <summary>
    /// One POST's messages, accepted together: one event however many messages it carries, in posted order (their queue
    /// order). Each body is the client's raw UTF-8 JSON, stored once (DESIGN §6).
    /// </summary>
    public sealed record MessagesPosted(string ClientId, PostedMessage[] Messages, DateTimeOffset At) : QueueEvent(At);

    /// <summary>
    /// A claim taken on messages. Messages that would expire before the claim live on to claim expiry + grace
    /// (contract §6.1); <see cref="Counted"/> says whether claim_count is incremented (§7.2).
    /// </summary>
    public sealed record MessagesClaimed(
        ClaimId Claim, MessageId[] Messages, int Ttl, int Grace, bool Counted, DateTimeOffset At) : QueueEvent(At);

    public sealed record ClaimRenewed(ClaimId Claim, int Ttl, int Grace, DateTimeOffset At) : QueueEvent(At);

    public sealed record ClaimReleased(ClaimId Claim, DateTimeOffset At) : QueueEvent(At);

    public sealed record MessagesDeleted(MessageId[] Messages, ClaimId? Claim, DateTimeOffset At) : QueueEvent(At);

    /// <summary>Messages moved to the dead-letter queue, keeping id, body, created time and claim count (§7.2).</summary>
    public sealed record MessagesDeadLettered(QueueName Target, MessageId[] Messages, int? Ttl, DateTimeOffset At) : QueueEvent(At);

    public sealed record MessagesExpired(MessageId[] Messages, DateTimeOffset At) : QueueEvent(At);

    public sealed record ClaimsExpired(ClaimId[] Claims, DateTimeOffset At) : QueueEvent(At);

    /// <summary>A push subscription made (§7.4); <see cref="Options"/> is the client's JSON object.</summary>
    public sealed record SubscriptionCreated(SubscriptionId Id, string Subscriber, int Ttl, string Options, DateTimeOffset At) : QueueEvent(At);

    /// <summary>A subscription changed; <see cref="Expires"/> moves only when a new ttl was given (it counts from then).</summary>
    public sealed record SubscriptionUpdated(
        SubscriptionId Id, string Subscriber, int Ttl, string Options, DateTimeOffset Expires, DateTimeOffset At) : QueueEvent(At);

    public sealed record SubscriptionConfirmed(SubscriptionId Id, bool Confirmed, DateTimeOffset At) : QueueEvent(At);

    public sealed record SubscriptionDeleted(SubscriptionId Id, DateTimeOffset At) : QueueEvent(At);
}

/// <summary>One message of a <see cref="QueueEvent.MessagesPosted"/>: its id, raw JSON body, ttl and delay in seconds.</summary>
public sealed record PostedMessage(MessageId Id, ReadOnlyMemory<byte> Body, int Ttl, int Delay);

/// <summary>An event with the queue whose sub-stream it belongs to.</summary>
public readonly record struct StreamEvent(QueueName Queue, QueueEvent Event);
