using System.Text.Json;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using Sluice.Domain.Subscriptions;

namespace Sluice.Infra.Serialization;

/// <summary>An event as stored: its id, type name, JSON data and, for a posted message, the raw body.</summary>
public readonly record struct StoredEvent(Guid EventId, string Type, string Data, byte[]? Body);

/// <summary>Maps domain events to stored rows and back, through the source-generated context.</summary>
public static class EventSerializer
{
    private static readonly EventJsonContext Json = EventJsonContext.Default;

    public static StoredEvent Serialize(QueueEvent e)
    {
        var type = EventTypeNames.Of(e);
        return e switch
        {
            QueueEvent.MessagePosted p => new StoredEvent(
                p.Id.Value, type, JsonSerializer.Serialize(new PostedData(p.ClientId, p.Ttl, p.Delay), Json.PostedData), p.Body.ToArray()),
            _ => new StoredEvent(Guid.CreateVersion7(), type, Data(e), null),
        };
    }

    private static string Data(QueueEvent e) => e switch
    {
        QueueEvent.QueueCreated c => JsonSerializer.Serialize(new MetadataData(Element(c.Metadata)), Json.MetadataData),
        QueueEvent.QueueMetadataUpdated u => JsonSerializer.Serialize(new MetadataData(Element(u.Metadata)), Json.MetadataData),
        QueueEvent.QueueDeleted => JsonSerializer.Serialize(new EmptyData(), Json.EmptyData),
        QueueEvent.QueuePurged p => JsonSerializer.Serialize(new PurgedData(p.Messages, p.Subscriptions), Json.PurgedData),
        QueueEvent.MessagesClaimed c => JsonSerializer.Serialize(
            new ClaimedData(c.Claim.Value, Ids(c.Messages), c.Ttl, c.Grace, c.Counted), Json.ClaimedData),
        QueueEvent.ClaimRenewed r => JsonSerializer.Serialize(new RenewedData(r.Claim.Value, r.Ttl, r.Grace), Json.RenewedData),
        QueueEvent.ClaimReleased r => JsonSerializer.Serialize(new ClaimData(r.Claim.Value), Json.ClaimData),
        QueueEvent.MessagesDeleted d => JsonSerializer.Serialize(new DeletedData(Ids(d.Messages), d.Claim?.Value), Json.DeletedData),
        QueueEvent.MessagesDeadLettered d => JsonSerializer.Serialize(
            new DeadLetteredData(d.Target.Value, Ids(d.Messages), d.Ttl), Json.DeadLetteredData),
        QueueEvent.MessagesExpired x => JsonSerializer.Serialize(new ExpiredData(Ids(x.Messages)), Json.ExpiredData),
        QueueEvent.ClaimsExpired x => JsonSerializer.Serialize(new ClaimsExpiredData(Array.ConvertAll(x.Claims, c => c.Value)), Json.ClaimsExpiredData),
        QueueEvent.SubscriptionCreated c => JsonSerializer.Serialize(
            new SubscriptionData(c.Id.Value, c.Subscriber, c.Ttl, Element(c.Options), null), Json.SubscriptionData),
        QueueEvent.SubscriptionUpdated u => JsonSerializer.Serialize(
            new SubscriptionData(u.Id.Value, u.Subscriber, u.Ttl, Element(u.Options), u.Expires), Json.SubscriptionData),
        QueueEvent.SubscriptionConfirmed c => JsonSerializer.Serialize(new ConfirmedData(c.Id.Value, c.Confirmed), Json.ConfirmedData),
        QueueEvent.SubscriptionDeleted d => JsonSerializer.Serialize(new SubscriptionRef(d.Id.Value), Json.SubscriptionRef),
        _ => throw new ArgumentOutOfRangeException(nameof(e), e.GetType().Name, "Unmapped event."),
    };

    /// <summary>Reads a stored event back; <paramref name="at"/> is its created time.</summary>
    public static QueueEvent Deserialize(StoredEvent s, DateTimeOffset at) => s.Type switch
    {
        EventTypeNames.QueueCreated => new QueueEvent.QueueCreated(Metadata(s), at),
        EventTypeNames.QueueMetadataUpdated => new QueueEvent.QueueMetadataUpdated(Metadata(s), at),
        EventTypeNames.QueueDeleted => new QueueEvent.QueueDeleted(at),
        EventTypeNames.QueuePurged => Read(s, Json.PurgedData) is var p ? new QueueEvent.QueuePurged(p.Messages, p.Subscriptions, at) : null!,
        EventTypeNames.MessagePosted => Read(s, Json.PostedData) is var m
            ? new QueueEvent.MessagePosted(new MessageId(s.EventId), m.ClientId, s.Body ?? [], m.Ttl, m.Delay, at) : null!,
        EventTypeNames.MessagesClaimed => Read(s, Json.ClaimedData) is var c
            ? new QueueEvent.MessagesClaimed(new ClaimId(c.Claim), Messages(c.Ids), c.Ttl, c.Grace, c.Counted, at) : null!,
        EventTypeNames.ClaimRenewed => Read(s, Json.RenewedData) is var r ? new QueueEvent.ClaimRenewed(new ClaimId(r.Claim), r.Ttl, r.Grace, at) : null!,
        EventTypeNames.ClaimReleased => new QueueEvent.ClaimReleased(new ClaimId(Read(s, Json.ClaimData).Claim), at),
        EventTypeNames.MessagesDeleted => Read(s, Json.DeletedData) is var d
            ? new QueueEvent.MessagesDeleted(Messages(d.Ids), d.Claim is { } g ? new ClaimId(g) : null, at) : null!,
        EventTypeNames.MessagesDeadLettered => Read(s, Json.DeadLetteredData) is var l
            ? new QueueEvent.MessagesDeadLettered(new QueueName(l.Target), Messages(l.Ids), l.Ttl, at) : null!,
        EventTypeNames.MessagesExpired => new QueueEvent.MessagesExpired(Messages(Read(s, Json.ExpiredData).Ids), at),
        EventTypeNames.ClaimsExpired => new QueueEvent.ClaimsExpired(Array.ConvertAll(Read(s, Json.ClaimsExpiredData).Claims, g => new ClaimId(g)), at),
        EventTypeNames.SubscriptionCreated => Read(s, Json.SubscriptionData) is var c
            ? new QueueEvent.SubscriptionCreated(new SubscriptionId(c.Id), c.Subscriber, c.Ttl, c.Options.GetRawText(), at) : null!,
        EventTypeNames.SubscriptionUpdated => Read(s, Json.SubscriptionData) is var u
            ? new QueueEvent.SubscriptionUpdated(new SubscriptionId(u.Id), u.Subscriber, u.Ttl, u.Options.GetRawText(), u.Expires ?? at.AddSeconds(u.Ttl), at) : null!,
        EventTypeNames.SubscriptionConfirmed => Read(s, Json.ConfirmedData) is var f
            ? new QueueEvent.SubscriptionConfirmed(new SubscriptionId(f.Id), f.Confirmed, at) : null!,
        EventTypeNames.SubscriptionDeleted => new QueueEvent.SubscriptionDeleted(new SubscriptionId(Read(s, Json.SubscriptionRef).Id), at),
        _ => throw new InvalidOperationException($"Unknown stored event type '{s.Type}'."),
    };

    private static T Read<T>(StoredEvent s, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> info) =>
        JsonSerializer.Deserialize(s.Data, info) ?? throw new InvalidOperationException($"Empty data for '{s.Type}'.");

    private static QueueMetadata Metadata(StoredEvent s) => QueueMetadata.FromStored(Read(s, Json.MetadataData).Metadata.GetRawText());

    private static JsonElement Element(QueueMetadata m) => Element(m.Json);

    private static JsonElement Element(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    private static Guid[] Ids(MessageId[] ids) => Array.ConvertAll(ids, i => i.Value);

    private static MessageId[] Messages(Guid[] ids) => Array.ConvertAll(ids, g => new MessageId(g));
}
