using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Queues;

/// <summary>DELETE /v2/queues/{q}: removes the queue with its messages and claims; idempotent.</summary>
public sealed record DeleteQueueCommand(TenantId Tenant, QueueName Queue) : ICommand;

public sealed class DeleteQueueHandler(IQueueStore store, TimeProvider clock) : ICommandHandler<DeleteQueueCommand>
{
    public async ValueTask<Unit> Handle(DeleteQueueCommand command, CancellationToken cancellationToken)
    {
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var state = await session.LoadQueue(command.Queue, exclusive: true, cancellationToken);
        await session.Commit(command.Queue, QueueDecider.Delete(state, clock.GetUtcNow()), cancellationToken);
        return Unit.Value;
    }
}
