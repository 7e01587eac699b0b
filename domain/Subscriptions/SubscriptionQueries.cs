using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Subscriptions;

/// <summary>GET /v2/queues/{q}/subscriptions/{id}: null once deleted or expired.</summary>
public sealed record GetSubscriptionQuery(TenantId Tenant, QueueName Queue, SubscriptionId Id) : IQuery<Subscription?>;

/// <summary>GET /v2/queues/{q}/subscriptions: a page after the marker id.</summary>
public sealed record ListSubscriptionsQuery(TenantId Tenant, QueueName Queue, SubscriptionId? After, int Limit) : IQuery<IReadOnlyList<Subscription>>;

public sealed class SubscriptionQueryHandlers(IQueueReader reader, TimeProvider clock) :
    IQueryHandler<GetSubscriptionQuery, Subscription?>,
    IQueryHandler<ListSubscriptionsQuery, IReadOnlyList<Subscription>>
{
    public ValueTask<Subscription?> Handle(GetSubscriptionQuery query, CancellationToken cancellationToken) =>
        reader.GetSubscription(query.Tenant, query.Queue, query.Id, clock.GetUtcNow(), cancellationToken);

    public ValueTask<IReadOnlyList<Subscription>> Handle(ListSubscriptionsQuery query, CancellationToken cancellationToken) =>
        reader.ListSubscriptions(query.Tenant, query.Queue, query.After, query.Limit, clock.GetUtcNow(), cancellationToken);
}
