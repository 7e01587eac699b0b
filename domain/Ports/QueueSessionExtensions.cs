using Sluice.Domain.Queues;

namespace Sluice.Domain.Ports;

public static class QueueSessionExtensions
{
    /// <summary>Commits the decided events of one queue; no events means nothing to write.</summary>
    public static ValueTask Commit(this IQueueSession session, QueueName queue, QueueEvent[] events, CancellationToken cancellationToken) =>
        events.Length == 0 ? ValueTask.CompletedTask : session.Commit(InQueue(queue, events), cancellationToken);

    public static StreamEvent[] InQueue(QueueName queue, QueueEvent[] events)
    {
        var stream = new StreamEvent[events.Length];
        for (var i = 0; i < events.Length; i++) stream[i] = new StreamEvent(queue, events[i]);
        return stream;
    }
}
