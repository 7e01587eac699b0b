using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Queues;

/// <summary>
/// PUT /v2/queues/{q}: true when created, false when it existed (its metadata untouched, §4.2). The reserved keys
/// are validated either way, as Zaqar does before it looks at the queue.
/// </summary>
public sealed record CreateQueueCommand(TenantId Tenant, QueueName Queue, System.Text.Json.Nodes.JsonObject Metadata) : ICommand<Outcome<bool>>;

public sealed class CreateQueueHandler(IQueueStore store, TimeProvider clock, Limits limits) : ICommandHandler<CreateQueueCommand, Outcome<bool>>
{
    public async ValueTask<Outcome<bool>> Handle(CreateQueueCommand command, CancellationToken cancellationToken)
    {
        if (QueueMetadata.Validate(command.Metadata, limits) is { } refusal) return refusal;
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var state = await session.LoadQueue(command.Queue, exclusive: false, cancellationToken);
        var events = QueueDecider.Create(state, QueueMetadata.From(command.Metadata), clock.GetUtcNow());
        await session.Commit(command.Queue, events, cancellationToken);
        return events.Length > 0;
    }
}
