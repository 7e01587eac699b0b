using System.Text.Json;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Subscriptions;

namespace Sluice.Infra.Serialization;

/// <summary>An event as stored: its id, type name, JSON data and, for a post, its messages' raw bodies back to back.</summary>
public readonly record struct StoredEvent(Guid EventId, string Type, string Data, byte[]? Body);

/// <summary>Maps domain events to stored rows and back, through the source-generated context.</summary>
public static class EventSerializer
{
    private static readonly EventJsonContext Json = EventJsonContext.Default;

    /// <summary>
    /// The key an append's event ids derive from: the id its command minted before deciding (a post's first message id,
    /// a claim's id) when it has one, else <paramref name="fresh"/>, new to each append. The same append sent again has
    /// the same ids, and the log skips events it holds (Migrations/0015); a command decided again is a new append.
    /// </summary>
    public static Guid AppendKey(IReadOnlyList<StreamEvent> events, Guid fresh)
    {
        foreach (var e in events)
        {
            if (Minted(e.Event) is { } id) return id;
        }
        return fresh;
    }

    /// <summary>
    /// The stored form of the event at <paramref name="ordinal"/> in an append whose key is <paramref name="key"/>
    /// (<see cref="AppendKey"/>): a post's id is its first message id, a claim's the claim id, any other event's the key
    /// with its ordinal + 1 added to the last bytes.
    /// </summary>
    public static StoredEvent Serialize(QueueEvent e, Guid key, int ordinal)
    {
        var type = EventTypeNames.Of(e);
        var id = Minted(e) ?? Derive(key, ordinal + 1);
        return e is QueueEvent.MessagesPosted p ? Posted(p, id, type) : new StoredEvent(id, type, Data(e), null);
    }

    private static Guid? Minted(QueueEvent e) => e switch
    {
        QueueEvent.MessagesPosted p => p.Messages[0].Id.Value,
        QueueEvent.MessagesClaimed c => c.Claim.Value,
        _ => null,
    };

    private static StoredEvent Posted(QueueEvent.MessagesPosted p, Guid id, string type)
    {
        var items = new PostedItem[p.Messages.Length];
        var size = 0;
        for (var i = 0; i < items.Length; i++)
        {
            var m = p.Messages[i];
            items[i] = new PostedItem(m.Id.Value, m.Ttl, m.Delay, m.Body.Length);
            size += m.Body.Length;
        }
        var body = new byte[size];
        var at = 0;
        foreach (var m in p.Messages)
        {
            m.Body.Span.CopyTo(body.AsSpan(at));
            at += m.Body.Length;
        }
        return new StoredEvent(id, type, JsonSerializer.Serialize(new PostedBatchData(p.ClientId, items), Json.PostedBatchData), body);
    }

    /// <summary>The key with <paramref name="ordinal"/> added to its last four bytes.</summary>
    private static Guid Derive(Guid key, int ordinal)
    {
        Span<byte> bytes = stackalloc byte[16];
        key.TryWriteBytes(bytes, bigEndian: true, out _);
        var tail = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes[12..]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes[12..], unchecked(tail + (uint)ordinal));
        return new Guid(bytes, bigEndian: true);
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
        EventTypeNames.MessagesPosted => PostedBatch(s, at),
        // Upcast: a v1 post is a one-message post.
        EventTypeNames.MessagePostedV1 => Read(s, Json.PostedData) is var m
            ? new QueueEvent.MessagesPosted(m.ClientId, [new PostedMessage(new MessageId(s.EventId), s.Body ?? [], m.Ttl, m.Delay)], at) : null!,
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

    private static QueueEvent.MessagesPosted PostedBatch(StoredEvent s, DateTimeOffset at)
    {
        var data = Read(s, Json.PostedBatchData);
        var body = s.Body ?? [];
        var messages = new PostedMessage[data.Messages.Length];
        var from = 0;
        for (var i = 0; i < messages.Length; i++)
        {
            var item = data.Messages[i];
            messages[i] = new PostedMessage(new MessageId(item.Id), body.AsMemory(from, item.Size), item.Ttl, item.Delay);
            from += item.Size;
        }
        return new QueueEvent.MessagesPosted(data.ClientId, messages, at);
    }

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
