using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Queues;

/// <summary>PATCH /v2/queues/{q}: applies JSON-patch operations to the metadata and answers the result.</summary>
public sealed record UpdateQueueMetadataCommand(TenantId Tenant, QueueName Queue, IReadOnlyList<MetadataPatch> Patch)
    : ICommand<Outcome<QueueMetadata>>;

public sealed class UpdateQueueMetadataHandler(IQueueStore store, TimeProvider clock, Limits limits)
    : ICommandHandler<UpdateQueueMetadataCommand, Outcome<QueueMetadata>>
{
    public async ValueTask<Outcome<QueueMetadata>> Handle(UpdateQueueMetadataCommand command, CancellationToken cancellationToken)
    {
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var state = await session.LoadQueue(command.Queue, exclusive: true, cancellationToken);
        var decision = QueueDecider.Patch(state, command.Patch, limits, clock.GetUtcNow());
        if (decision.Refused is { } refusal) return refusal;
        await session.Commit(command.Queue, decision.Events, cancellationToken);
        return decision.Value!;
    }
}
