using Sluice.Domain.Queues;

namespace Sluice.Domain.Ports;

public static class QueueSessionExtensions
{
    /// <summary>Appends the decided events of one queue, if any, and commits. No events means nothing to write.</summary>
    public static async ValueTask AppendAndCommit(this IQueueSession session, QueueName queue, QueueEvent[] events, CancellationToken cancellationToken)
    {
        if (events.Length == 0) return;
        var stream = new StreamEvent[events.Length];
        for (var i = 0; i < events.Length; i++) stream[i] = new StreamEvent(queue, events[i]);
        await session.Append(stream, cancellationToken);
        await session.Commit(cancellationToken);
    }
}
