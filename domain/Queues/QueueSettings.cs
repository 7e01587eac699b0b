namespace Sluice.Domain.Queues;

/// <summary>The effective reserved settings of a queue: stored values where truthy, configured defaults otherwise.</summary>
public sealed record QueueSettings(
    int MaxPostSize,
    int DefaultTtl,
    int? DefaultDelay,
    QueueName? DeadLetterQueue,
    int? DeadLetterTtl,
    long? MaxClaimCount)
{
    /// <summary>Claim counting and dead-lettering apply only when both keys are set (§7.2).</summary>
    public bool DeadLettering => DeadLetterQueue is not null && MaxClaimCount is not null;
}
