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
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var queue = await session.LoadQueue(command.Queue, exclusive: false, cancellationToken);
        var decision = MessageDecider.Post(queue, command.Messages, ids, command.ClientId, command.ContentLength, limits, clock.GetUtcNow());
        if (decision.Refused is { } refusal) return refusal;
        await session.AppendAndCommit(command.Queue, decision.Events, cancellationToken);
        return ids;
    }
}
