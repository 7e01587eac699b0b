namespace Sluice.Domain;

/// <summary>Every limit of contract §2, with Zaqar's defaults; bound from configuration section "Sluice:Limits".</summary>
public sealed record Limits
{
    public const int MinMessageTtl = 60;
    public const int MinClaimTtl = 60;
    public const int MinClaimGrace = 60;
    public const int MinSubscriptionTtl = 60;

    public int DefaultMessageTtl { get; init; } = 3600;
    public int DefaultMessageDelay { get; init; }
    public int DefaultClaimTtl { get; init; } = 300;
    public int DefaultClaimGrace { get; init; } = 60;
    public int DefaultClaimLimit { get; init; } = 10;
    public int DefaultPageSize { get; init; } = 10;
    public int MaxQueuesPerPage { get; init; } = 20;
    public int MaxSubscriptionsPerPage { get; init; } = 20;
    public int MaxPoolsPerPage { get; init; } = 20;
    public int MaxFlavorsPerPage { get; init; } = 20;
    public int DefaultSubscriptionTtl { get; init; } = 3600;
    public int MaxMessagesPerPage { get; init; } = 20;
    public int MaxMessagesPerClaimOrPop { get; init; } = 20;
    public int MaxQueueMetadata { get; init; } = 65536;
    public int MaxMessagesPostSize { get; init; } = 262144;
    public int MaxMessageTtl { get; init; } = 1209600;
    public int MaxMessageDelay { get; init; } = 900;
    public int MaxClaimTtl { get; init; } = 43200;
    public int MaxClaimGrace { get; init; } = 43200;
    public bool ClientIdUuidSafe { get; init; } = true;
    public int MinLengthClientId { get; init; } = 10;
    public int MaxLengthClientId { get; init; } = 36;
    public bool MessageDeleteWithClaimId { get; init; }

    /// <summary>The longest long poll, in seconds: the <c>wait</c> parameter of claims and listings (an extension).</summary>
    public int MaxWait { get; init; } = 20;

    /// <summary>The most events on one page of an event stream (an extension); the default page is DefaultPageSize.</summary>
    public int MaxEventsPerPage { get; init; } = 100;

    /// <summary>How long a post's Idempotency-Key is remembered, in seconds (an extension).</summary>
    public int IdempotencyWindow { get; init; } = 300;
}
