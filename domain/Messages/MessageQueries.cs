using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Messages;

public sealed record ListMessagesQuery(TenantId Tenant, QueueName Queue, MessageFilter Filter) : IQuery<IReadOnlyList<MessageView>>;

/// <summary>GET by ids and GET by id: unknown, malformed and expired ids are skipped.</summary>
public sealed record GetMessagesQuery(TenantId Tenant, QueueName Queue, MessageId[] Ids) : IQuery<IReadOnlyList<MessageView>>;

public sealed class MessageQueryHandlers(IQueueReader reader, TimeProvider clock) :
    IQueryHandler<ListMessagesQuery, IReadOnlyList<MessageView>>,
    IQueryHandler<GetMessagesQuery, IReadOnlyList<MessageView>>
{
    public ValueTask<IReadOnlyList<MessageView>> Handle(ListMessagesQuery query, CancellationToken cancellationToken) =>
        reader.ListMessages(query.Tenant, query.Queue, query.Filter, clock.GetUtcNow(), cancellationToken);

    public ValueTask<IReadOnlyList<MessageView>> Handle(GetMessagesQuery query, CancellationToken cancellationToken) =>
        query.Ids.Length == 0
            ? ValueTask.FromResult<IReadOnlyList<MessageView>>([])
            : reader.GetMessages(query.Tenant, query.Queue, query.Ids, clock.GetUtcNow(), cancellationToken);
}
