using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using Sluice.Domain.Subscriptions;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Ports;

/// <summary>The event store (port): opens one transaction per command for one tenant.</summary>
public interface IQueueStore
{
    ValueTask<IQueueSession> Begin(TenantId tenant, CancellationToken cancellationToken);

    /// <summary>
    /// The queue as last seen by this process, unlocked and possibly stale: a hint for <see cref="AppendIfUnchanged"/>
    /// and <see cref="ClaimIfUnchanged"/>.
    /// Missing queues are not remembered.
    /// </summary>
    ValueTask<QueueState> PeekQueue(TenantId tenant, QueueName queue, CancellationToken cancellationToken);

    /// <summary>
    /// Appends and commits the events in one statement, only if the queue still exists with the metadata
    /// <paramref name="expected"/> holds (it is held against deletion meanwhile). False: nothing was written and the
    /// caller decides again on locked state.
    /// </summary>
    ValueTask<bool> AppendIfUnchanged(
        TenantId tenant, QueueName queue, QueueState.Existing expected, IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken);

    /// <summary>
    /// A claim in one round trip, commit included: locks up to <paramref name="limit"/> of the oldest claimable
    /// messages and appends <paramref name="claim"/> naming them (its own message list is ignored), only if the queue
    /// still exists with the metadata <paramref name="expected"/> holds. Null: the queue changed, nothing was written
    /// and the caller decides again on locked state. Otherwise the claimed messages with their bodies, in queue order
    /// (none when nothing was claimable).
    /// </summary>
    ValueTask<IReadOnlyList<MessageView>?> ClaimIfUnchanged(
        TenantId tenant, QueueName queue, QueueState.Existing expected, QueueEvent.MessagesClaimed claim, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// A delete in one round trip, commit included: locks the unexpired messages among <paramref name="ids"/> (only
    /// those the live claim <paramref name="heldBy"/> holds, when given) and appends <paramref name="deleted"/> naming
    /// them (its own message list is ignored). Returns how many.
    /// </summary>
    ValueTask<int> DeleteFound(
        TenantId tenant, QueueName queue, MessageId[] ids, ClaimId? heldBy, QueueEvent.MessagesDeleted deleted, CancellationToken cancellationToken);

    /// <summary>The answer remembered for an Idempotency-Key of the queue, while its window lasts.</summary>
    ValueTask<RememberedPost?> FindIdempotencyKey(TenantId tenant, QueueName queue, string key, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Forgets the Idempotency-Keys whose window has ended; returns how many.</summary>
    ValueTask<int> ForgetIdempotencyKeys(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Expired subscriptions that owe no more deliveries, at most <paramref name="limit"/>, by queue; unlocked, a hint
    /// for the sweeper.
    /// </summary>
    ValueTask<IReadOnlyList<(TenantId Tenant, QueueName Queue, SubscriptionId[] Ids)>> FindExpiredSubscriptions(
        DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Queues holding expired messages or claims, a bounded batch each; unlocked, a hint for the sweeper.</summary>
    ValueTask<IReadOnlyList<ExpiredSet>> FindExpired(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}

/// <summary>What a post with an Idempotency-Key answered: the hash of its body and the ids it posted.</summary>
public sealed record RememberedPost(byte[] RequestHash, MessageId[] Ids);

/// <summary>Expired messages and claims of one queue.</summary>
public sealed record ExpiredSet(TenantId Tenant, QueueName Queue, MessageId[] Messages, ClaimId[] Claims);
