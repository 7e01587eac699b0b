using Sluice.Domain.Queues;

namespace Sluice.Infra.Postgres;

internal static class QueueStates
{
    /// <summary>A queue row's metadata column, or null when there is no row.</summary>
    public static QueueState From(string? metadata) =>
        metadata is null ? QueueState.Missing.Instance : new QueueState.Existing(QueueMetadata.FromStored(metadata));
}
