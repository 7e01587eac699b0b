using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Queues;

/// <summary>POST /v2/queues/{q}/purge: every message (claimed and delayed too) and claim go (§4.7).</summary>
public sealed record PurgeQueueCommand(TenantId Tenant, QueueName Queue, bool Messages, bool Subscriptions) : ICommand;

public sealed class PurgeQueueHandler(IQueueStore store, TimeProvider clock) : ICommandHandler<PurgeQueueCommand>
{
    public async ValueTask<Unit> Handle(PurgeQueueCommand command, CancellationToken cancellationToken)
    {
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var state = await session.LoadQueue(command.Queue, exclusive: true, cancellationToken);
        var events = QueueDecider.Purge(state, command.Messages, command.Subscriptions, clock.GetUtcNow());
        await session.Commit(command.Queue, events, cancellationToken);
        return Unit.Value;
    }
}
