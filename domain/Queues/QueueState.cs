namespace Sluice.Domain.Queues;

/// <summary>Whether a queue exists, and its metadata when it does.</summary>
public abstract record QueueState
{
    private QueueState() { }

    public sealed record Missing : QueueState
    {
        public static readonly Missing Instance = new();
    }

    public sealed record Existing(QueueMetadata Metadata) : QueueState;

    public QueueMetadata MetadataOrEmpty => this is Existing e ? e.Metadata : QueueMetadata.Empty;
}
