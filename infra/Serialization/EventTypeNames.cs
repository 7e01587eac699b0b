using Sluice.Domain.Queues;

namespace Sluice.Infra.Serialization;

/// <summary>
/// The stored name of every event: explicit and versioned, never the CLR name (STYLE, infra). The one home of these names
/// in C#; in SQL they are spelled only in apply_event (Functions/02_apply_event.sql), and a test checks the two agree.
/// </summary>
public static class EventTypeNames
{
    public const string QueueCreated = "queue-created.v1";
    public const string QueueMetadataUpdated = "queue-metadata-updated.v1";
    public const string QueueDeleted = "queue-deleted.v1";
    public const string QueuePurged = "queue-purged.v1";
    public const string MessagesPosted = "messages-posted.v2";

    /// <summary>The log's first version of a post: one event per message. Still read (as a one-message post), never written.</summary>
    public const string MessagePostedV1 = "message-posted.v1";
    public const string MessagesClaimed = "messages-claimed.v1";
    public const string ClaimRenewed = "claim-renewed.v1";
    public const string ClaimReleased = "claim-released.v1";
    public const string MessagesDeleted = "messages-deleted.v1";
    public const string MessagesDeadLettered = "messages-dead-lettered.v1";
    public const string MessagesExpired = "messages-expired.v1";
    public const string ClaimsExpired = "claims-expired.v1";
    public const string SubscriptionCreated = "subscription-created.v1";
    public const string SubscriptionUpdated = "subscription-updated.v1";
    public const string SubscriptionConfirmed = "subscription-confirmed.v1";
    public const string SubscriptionDeleted = "subscription-deleted.v1";

    public static string Of(QueueEvent e) => e switch
    {
        QueueEvent.QueueCreated => QueueCreated,
        QueueEvent.QueueMetadataUpdated => QueueMetadataUpdated,
        QueueEvent.QueueDeleted => QueueDeleted,
        QueueEvent.QueuePurged => QueuePurged,
        QueueEvent.MessagesPosted => MessagesPosted,
        QueueEvent.MessagesClaimed => MessagesClaimed,
        QueueEvent.ClaimRenewed => ClaimRenewed,
        QueueEvent.ClaimReleased => ClaimReleased,
        QueueEvent.MessagesDeleted => MessagesDeleted,
        QueueEvent.MessagesDeadLettered => MessagesDeadLettered,
        QueueEvent.MessagesExpired => MessagesExpired,
        QueueEvent.ClaimsExpired => ClaimsExpired,
        QueueEvent.SubscriptionCreated => SubscriptionCreated,
        QueueEvent.SubscriptionUpdated => SubscriptionUpdated,
        QueueEvent.SubscriptionConfirmed => SubscriptionConfirmed,
        QueueEvent.SubscriptionDeleted => SubscriptionDeleted,
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unmapped event."),
    };

    /// <summary>Every name a stored event may have, the ones no longer written included.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        QueueCreated, QueueMetadataUpdated, QueueDeleted, QueuePurged, MessagesPosted, MessagePostedV1, MessagesClaimed, ClaimRenewed,
        ClaimReleased, MessagesDeleted, MessagesDeadLettered, MessagesExpired, ClaimsExpired, SubscriptionCreated, SubscriptionUpdated,
        SubscriptionConfirmed, SubscriptionDeleted,
    ];
}
