using Mediator;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Streams;

/// <summary>GET /v2/queues/{q}/events and GET /v2/events: a page of the queue's (or, with no queue, the tenant's) stream.</summary>
public sealed record ReadStreamQuery(TenantId Tenant, QueueName? Queue, StreamCursor After, int Limit) : IQuery<StreamPage>;

/// <summary>
/// GET /v2/queues/{q}/messages/{id}/history: the events of one message's life, oldest first, for as long as the log keeps
/// them, also after the message is gone; null unless the message lived in the queue (posted to it, or dead-lettered into it).
/// </summary>
public sealed record MessageHistoryQuery(TenantId Tenant, QueueName Queue, MessageId Message) : IQuery<IReadOnlyList<LoggedEvent>?>;

public sealed class StreamQueryHandlers(IEventLog log) :
    IQueryHandler<ReadStreamQuery, StreamPage>,
    IQueryHandler<MessageHistoryQuery, IReadOnlyList<LoggedEvent>?>
{
    public ValueTask<StreamPage> Handle(ReadStreamQuery query, CancellationToken cancellationToken) =>
        log.Read(query.Tenant, query.Queue, query.After, query.Limit, cancellationToken);

    public async ValueTask<IReadOnlyList<LoggedEvent>?> Handle(MessageHistoryQuery query, CancellationToken cancellationToken)
    {
        var mentioning = await log.Mentioning(query.Tenant, query.Message, cancellationToken);
        var life = History.Of(query.Message, mentioning);
        var lived = life.Any(e => e.Queue == query.Queue && e.Event is QueueEvent.MessagesPosted)
                    || life.Any(e => e.Event is QueueEvent.MessagesDeadLettered d && d.Target == query.Queue);
        return lived ? life : null;
    }
}

/// <summary>Which logged events are part of one message's life.</summary>
public static class History
{
    /// <summary>
    /// Its post; the claims, deletes, expiries and dead-letter moves that name it; the renewals, releases and expiries of
    /// the claims that held it. Deleted or expired ends the message: later events of its claims are not its own.
    /// </summary>
    public static IReadOnlyList<LoggedEvent> Of(MessageId message, IReadOnlyList<LoggedEvent> events)
    {
        var holders = new HashSet<ClaimId>();
        var life = new List<LoggedEvent>();
        foreach (var logged in events)
        {
            if (logged.Event is QueueEvent.MessagesClaimed claimed && Array.IndexOf(claimed.Messages, message) >= 0) holders.Add(claimed.Claim);
            var concerns = logged.Event switch
            {
                QueueEvent.MessagesPosted p => Array.Exists(p.Messages, m => m.Id == message),
                QueueEvent.MessagesClaimed c => Array.IndexOf(c.Messages, message) >= 0,
                QueueEvent.ClaimRenewed r => holders.Contains(r.Claim),
                QueueEvent.ClaimReleased r => holders.Contains(r.Claim),
                QueueEvent.ClaimsExpired x => Array.Exists(x.Claims, holders.Contains),
                QueueEvent.MessagesDeleted d => Array.IndexOf(d.Messages, message) >= 0,
                QueueEvent.MessagesExpired x => Array.IndexOf(x.Messages, message) >= 0,
                QueueEvent.MessagesDeadLettered d => Array.IndexOf(d.Messages, message) >= 0,
                _ => false,
            };
            if (!concerns) continue;
            life.Add(logged);
            if (logged.Event is QueueEvent.MessagesDeleted or QueueEvent.MessagesExpired) break;
        }
        return life;
    }
}
