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
        var ids = new MessageId[command.Messages.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = MessageId.New();
        var now = clock.GetUtcNow();
        if (command.Idempotency is { } key) return await PostOnce(command, key, ids, now, cancellationToken);
        // Fast path, one round trip: decide on the queue as last seen, append only if it is still so.
        if (await store.PeekQueue(command.Tenant, command.Queue, cancellationToken) is QueueState.Existing seen)
        {
            var guess = MessageDecider.Post(seen, command.Messages, ids, command.ClientId, command.ContentLength, limits, now);
            if (guess.Refused is null
                && await store.AppendIfUnchanged(command.Tenant, command.Queue, seen, QueueSessionExtensions.InQueue(command.Queue, guess.Events), cancellationToken))
            {
                return ids;
            }
        }
        // The queue is new, changed or gone, or the guess refused: decide again on locked state.
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var queue = await session.LoadQueue(command.Queue, exclusive: false, cancellationToken);
        var decision = MessageDecider.Post(queue, command.Messages, ids, command.ClientId, command.ContentLength, limits, now);
        if (decision.Refused is { } refusal) return refusal;
        await session.Commit(command.Queue, decision.Events, cancellationToken);
        return ids;
    }

    /// <summary>
    /// With an Idempotency-Key: the remembered answer if the key is known (a 409 if the body differs), else a post that
    /// remembers the key in its own transaction. Two concurrent posts with one key meet on the key's row: the second
    /// waits for the first and then answers from what it remembered.
    /// </summary>
    private async ValueTask<Outcome<MessageId[]>> PostOnce(
        PostMessagesCommand command, IdempotencyKey key, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await store.FindIdempotencyKey(command.Tenant, command.Queue, key.Key, now, cancellationToken) is { } prior)
            {
                return prior.RequestHash.AsSpan().SequenceEqual(key.RequestHash) ? prior.Ids : new Refusal(Rejection.IdempotencyKeyReused, key.Key);
            }
            await using var session = await store.Begin(command.Tenant, cancellationToken);
            var queue = await session.LoadQueue(command.Queue, exclusive: false, cancellationToken);
            var decision = MessageDecider.Post(queue, command.Messages, ids, command.ClientId, command.ContentLength, limits, now);
            if (decision.Refused is { } refusal) return refusal;
            var expires = now.AddSeconds(limits.IdempotencyWindow);
            if (!await session.RememberIdempotencyKey(command.Queue, key.Key, key.RequestHash, ids, now, expires, cancellationToken)) continue;
            await session.Commit(command.Queue, decision.Events, cancellationToken);
            return ids;
        }
    }
}
