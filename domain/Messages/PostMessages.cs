using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Messages;

/// <summary>POST /v2/queues/{q}/messages: the new ids in posted order. Creates the queue when missing.</summary>
public sealed record PostMessagesCommand(
    TenantId Tenant, QueueName Queue, string ClientId, IReadOnlyList<NewMessage> Messages, long ContentLength,
    IdempotencyKey? Idempotency = null)
    : ICommand<Outcome<MessageId[]>>;

/// <summary>A post's Idempotency-Key and the hash of its body: a retry within the window gets the first answer.</summary>
public sealed record IdempotencyKey(string Key, byte[] RequestHash);

public sealed class PostMessagesHandler(IQueueStore store, TimeProvider clock, Limits limits)
    : ICommandHandler<PostMessagesCommand, Outcome<MessageId[]>>
{
    public async ValueTask<Outcome<MessageId[]>> Handle(PostMessagesCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var ids = new MessageId[command.Messages.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = MessageId.New(now);
        // Fast path, one round trip: decide on the queue as last seen, append only if it is still so.
        if (command.Idempotency is null && await store.PeekQueue(command.Tenant, command.Queue, cancellationToken) is QueueState.Existing seen)
        {
            var guess = MessageDecider.Post(seen, command.Messages, ids, command.ClientId, command.ContentLength, limits, now);
            if (guess.Refused is null
                && await store.AppendIfUnchanged(command.Tenant, command.Queue, seen, QueueSessionExtensions.InQueue(command.Queue, guess.Events), cancellationToken))
            {
                return ids;
            }
        }
        while (true)
        {
            var (keyTaken, outcome) = await Decide(command, ids, now, cancellationToken);
            if (!keyTaken) return outcome;
            // A post with this Idempotency-Key committed first (this one waited for it): answer as it did, unless
            // its window ended meanwhile.
            var key = command.Idempotency!;
            if (await store.FindIdempotencyKey(command.Tenant, command.Queue, key.Key, now, cancellationToken) is { } prior)
            {
                return prior.RequestHash.AsSpan().SequenceEqual(key.RequestHash) ? prior.Ids : new Refusal(Rejection.IdempotencyKeyReused, key.Key);
            }
        }
    }

    /// <summary>
    /// Decides on locked state: the queue is new, changed or gone, the guess was refused, or the post carries an
    /// Idempotency-Key. The key is remembered first, in the same transaction, so it is kept exactly when the messages
    /// are; a refusal rolls it back with everything else. KeyTaken: another post holds the key; nothing was written.
    /// </summary>
    private async ValueTask<(bool KeyTaken, Outcome<MessageId[]> Outcome)> Decide(
        PostMessagesCommand command, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        if (command.Idempotency is { } key && !await session.RememberIdempotencyKey(
                command.Queue, key.Key, key.RequestHash, ids, now, now.AddSeconds(limits.IdempotencyWindow), cancellationToken))
        {
            return (true, default);
        }
        var queue = await session.LoadQueue(command.Queue, exclusive: false, cancellationToken);
        var decision = MessageDecider.Post(queue, command.Messages, ids, command.ClientId, command.ContentLength, limits, now);
        if (decision.Refused is { } refusal) return (false, refusal);
        await session.Commit(command.Queue, decision.Events, cancellationToken);
        return (false, ids);
    }
}
