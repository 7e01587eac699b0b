using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Messages;

/// <summary>POST /v2/queues/{q}/messages: the new ids in posted order. Creates the queue when missing.</summary>
public sealed record PostMessagesCommand(
    TenantId Tenant, QueueName Queue, string ClientId, IReadOnlyList<NewMessage> Messages, long ContentLength)
    : ICommand<Outcome<MessageId[]>>;

public sealed class PostMessagesHandler(IQueueStore store, TimeProvider clock, Limits limits)
    : ICommandHandler<PostMessagesCommand, Outcome<MessageId[]>>
{
    public async ValueTask<Outcome<MessageId[]>> Handle(PostMessagesCommand command, CancellationToken cancellationToken)
    {
        var ids = new MessageId[command.Messages.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = MessageId.New();
        var now = clock.GetUtcNow();
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
}
