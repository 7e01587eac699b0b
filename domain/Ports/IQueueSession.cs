using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using Sluice.Domain.Subscriptions;

namespace Sluice.Domain.Ports;

/// <summary>
/// One command's transaction against a tenant's stream. Loads lock what they return, so a command decides on
/// state no one else can change before it commits. <see cref="Commit"/> appends the decided events, which updates
/// the inline projections in the same transaction (DESIGN §4), and commits, in one round trip. Disposing without
/// committing rolls back.
/// </summary>
public interface IQueueSession : IAsyncDisposable
{
    /// <summary>The queue, locked against deletion (or, with <paramref name="exclusive"/>, against any change).</summary>
    ValueTask<QueueState> LoadQueue(QueueName queue, bool exclusive, CancellationToken cancellationToken);

    /// <summary>
    /// The queue (locked against deletion) and up to <paramref name="limit"/> of its unexpired, unclaimed,
    /// undelayed messages, oldest first, skipping rows other transactions hold: one round trip.
    /// </summary>
    ValueTask<(QueueState Queue, IReadOnlyList<MessageState> Messages)> LockClaimable(
        QueueName queue, int limit, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The unexpired messages among <paramref name="ids"/>, locked.</summary>
    ValueTask<IReadOnlyList<MessageState>> LockMessages(QueueName queue, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The claim if it is live, locked, with the messages it holds.</summary>
    ValueTask<ClaimState?> LockClaim(QueueName queue, ClaimId claim, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The claim if it is live, unlocked: for a decision that only refuses on it.</summary>
    ValueTask<ClaimState?> ReadClaim(QueueName queue, ClaimId claim, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Every subscription of the queue, expired ones included, locked (a queue has few).</summary>
    ValueTask<IReadOnlyList<Subscription>> LoadSubscriptions(QueueName queue, CancellationToken cancellationToken);

    /// <summary>Messages with their bodies as this transaction sees them.</summary>
    ValueTask<IReadOnlyList<MessageView>> ReadMessages(QueueName queue, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Those of the given messages and claims that have expired, locked in the lock order (README "Lock order"): expired
    /// claims busy elsewhere are skipped; the messages, those of the claims taken among them, are waited for.
    /// </summary>
    ValueTask<ExpiredSet> LockExpired(ExpiredSet candidates, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Remembers a post's Idempotency-Key in this transaction (written exactly when its events are). False: another
    /// post with the key committed first; this transaction must write nothing.
    /// </summary>
    ValueTask<bool> RememberIdempotencyKey(
        QueueName queue, string key, byte[] requestHash, MessageId[] ids, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken);

    /// <summary>Appends the events (none: nothing to write) and commits.</summary>
    ValueTask Commit(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken);

    /// <summary>Appends the events, reads the given messages as the append left them, and commits: one round trip.</summary>
    ValueTask<IReadOnlyList<MessageView>> CommitAndRead(
        IReadOnlyList<StreamEvent> events, QueueName queue, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken);
}
