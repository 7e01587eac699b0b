namespace Sluice.Domain;

/// <summary>Every way a command can be refused. The HTTP layer maps each to Zaqar's status and text.</summary>
public enum Rejection
{
    QueueNotFound,
    MessageNotFound,
    ClaimNotFound,
    MessagesNotFound,
    MessageTtlOutOfRange,
    MessageDelayOutOfRange,
    MessageDelayNotInt,
    MessagesTooLarge,
    ClaimTtlOutOfRange,
    ClaimGraceOutOfRange,
    ClaimedWithoutClaimId,
    NotClaimed,
    ClaimExpiredOrUnknown,
    ClaimIdsRequired,
    MetadataInvalid,
    MetadataReplaceMissing,
    MetadataRemoveMissing,
    ClaimNotHeld,
    IdempotencyKeyReused,
    SubscriptionNotFound,
    SubscriptionExists,
}

/// <summary>A refusal with the detail the error text needs (a key name, a size).</summary>
public readonly record struct Refusal(Rejection Reason, string? Detail = null);
