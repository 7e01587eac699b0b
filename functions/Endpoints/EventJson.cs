using System.Text.Json;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;

namespace Sluice.Functions.Endpoints;

/// <summary>
/// An event as the stream API shows it (README "Event streams"): {"cursor", "type", "queue", "created", "data"}, the
/// type and data documented per event there. A public contract of its own, written from the typed event; how the log
/// stores events is not part of it.
/// </summary>
internal static class EventJson
{
    public static void Write(Utf8JsonWriter w, LoggedEvent logged)
    {
        w.WriteStartObject();
        w.WriteString("cursor", logged.Cursor.ToString());
        w.WriteString("type", Type(logged.Event));
        w.WriteString("queue", logged.Queue.Value);
        w.WriteString("created", MessageJson.EventTime(logged.Event.At));
        w.WriteStartObject("data");
        Data(w, logged.Event);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The event's public type name.</summary>
    public static string Type(QueueEvent e) => e switch
    {
        QueueEvent.QueueCreated => "queue-created",
        QueueEvent.QueueMetadataUpdated => "queue-metadata-updated",
        QueueEvent.QueueDeleted => "queue-deleted",
        QueueEvent.QueuePurged => "queue-purged",
        QueueEvent.MessagesPosted => "messages-posted",
        QueueEvent.MessagesClaimed => "messages-claimed",
        QueueEvent.ClaimRenewed => "claim-renewed",
        QueueEvent.ClaimReleased => "claim-released",
        QueueEvent.MessagesDeleted => "messages-deleted",
        QueueEvent.MessagesDeadLettered => "messages-dead-lettered",
        QueueEvent.MessagesExpired => "messages-expired",
        QueueEvent.ClaimsExpired => "claims-expired",
        QueueEvent.SubscriptionCreated => "subscription-created",
        QueueEvent.SubscriptionUpdated => "subscription-updated",
        QueueEvent.SubscriptionConfirmed => "subscription-confirmed",
        QueueEvent.SubscriptionDeleted => "subscription-deleted",
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unmapped event."),
    };

    private static void Data(Utf8JsonWriter w, QueueEvent e)
    {
        switch (e)
        {
            case QueueEvent.QueueCreated c:
                Raw(w, "metadata", c.Metadata.Json);
                break;
            case QueueEvent.QueueMetadataUpdated u:
                Raw(w, "metadata", u.Metadata.Json);
                break;
            case QueueEvent.QueueDeleted:
                break;
            case QueueEvent.QueuePurged p:
                w.WriteBoolean("messages", p.Messages);
                w.WriteBoolean("subscriptions", p.Subscriptions);
                break;
            case QueueEvent.MessagesPosted p:
                w.WriteString("client_id", p.ClientId);
                w.WriteStartArray("messages");
                foreach (var m in p.Messages)
                {
                    w.WriteStartObject();
                    w.WriteString("id", m.Id.ToString());
                    w.WriteNumber("ttl", m.Ttl);
                    w.WriteNumber("delay", m.Delay);
                    w.WritePropertyName("body");
                    w.WriteRawValue(m.Body.Span, skipInputValidation: true);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                break;
            case QueueEvent.MessagesClaimed c:
                w.WriteString("claim", c.Claim.ToString());
                Ids(w, "ids", c.Messages);
                w.WriteNumber("ttl", c.Ttl);
                w.WriteNumber("grace", c.Grace);
                w.WriteBoolean("counted", c.Counted);
                break;
            case QueueEvent.ClaimRenewed r:
                w.WriteString("claim", r.Claim.ToString());
                w.WriteNumber("ttl", r.Ttl);
                w.WriteNumber("grace", r.Grace);
                break;
            case QueueEvent.ClaimReleased r:
                w.WriteString("claim", r.Claim.ToString());
                break;
            case QueueEvent.MessagesDeleted d:
                Ids(w, "ids", d.Messages);
                Claim(w, "claim", d.Claim);
                break;
            case QueueEvent.MessagesDeadLettered d:
                w.WriteString("target", d.Target.Value);
                Ids(w, "ids", d.Messages);
                if (d.Ttl is { } ttl) w.WriteNumber("ttl", ttl);
                else w.WriteNull("ttl");
                break;
            case QueueEvent.MessagesExpired x:
                Ids(w, "ids", x.Messages);
                break;
            case QueueEvent.ClaimsExpired x:
                w.WriteStartArray("claims");
                foreach (var c in x.Claims) w.WriteStringValue(c.ToString());
                w.WriteEndArray();
                break;
            case QueueEvent.SubscriptionCreated c:
                Subscription(w, c.Id.ToString(), c.Subscriber, c.Ttl, c.Options);
                break;
            case QueueEvent.SubscriptionUpdated u:
                Subscription(w, u.Id.ToString(), u.Subscriber, u.Ttl, u.Options);
                w.WriteString("expires", MessageJson.EventTime(u.Expires));
                break;
            case QueueEvent.SubscriptionConfirmed c:
                w.WriteString("id", c.Id.ToString());
                w.WriteBoolean("confirmed", c.Confirmed);
                break;
            case QueueEvent.SubscriptionDeleted d:
                w.WriteString("id", d.Id.ToString());
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unmapped event.");
        }
    }

    private static void Subscription(Utf8JsonWriter w, string id, string subscriber, int ttl, string options)
    {
        w.WriteString("id", id);
        w.WriteString("subscriber", subscriber);
        w.WriteNumber("ttl", ttl);
        Raw(w, "options", options);
    }

    private static void Raw(Utf8JsonWriter w, string name, string json)
    {
        w.WritePropertyName(name);
        w.WriteRawValue(json, skipInputValidation: true);
    }

    private static void Ids(Utf8JsonWriter w, string name, MessageId[] ids)
    {
        w.WriteStartArray(name);
        foreach (var id in ids) w.WriteStringValue(id.ToString());
        w.WriteEndArray();
    }

    private static void Claim(Utf8JsonWriter w, string name, ClaimId? claim)
    {
        if (claim is { } c) w.WriteString(name, c.ToString());
        else w.WriteNull(name);
    }
}
