using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Queues;

/// <summary>GET /v2/queues/{q}: whether it exists, with its metadata.</summary>
public sealed record GetQueueQuery(TenantId Tenant, QueueName Queue) : IQuery<QueueState>;

public sealed record ListQueuesQuery(TenantId Tenant, QueueFilter Filter) : IQuery<QueuePage>;

public sealed record GetQueueStatsQuery(TenantId Tenant, QueueName Queue) : IQuery<QueueStats>;

public sealed class QueueQueryHandlers(IQueueReader reader, TimeProvider clock) :
    IQueryHandler<GetQueueQuery, QueueState>,
    IQueryHandler<ListQueuesQuery, QueuePage>,
    IQueryHandler<GetQueueStatsQuery, QueueStats>
{
    public ValueTask<QueueState> Handle(GetQueueQuery query, CancellationToken cancellationToken) =>
        reader.GetQueue(query.Tenant, query.Queue, cancellationToken);

    public ValueTask<QueuePage> Handle(ListQueuesQuery query, CancellationToken cancellationToken) =>
        reader.ListQueues(query.Tenant, query.Filter, cancellationToken);

    public ValueTask<QueueStats> Handle(GetQueueStatsQuery query, CancellationToken cancellationToken) =>
        reader.Stats(query.Tenant, query.Queue, clock.GetUtcNow(), cancellationToken);
}
