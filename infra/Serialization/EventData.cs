using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Infra.Serialization;

// The stored `data` of each event type. Times are not here: an event's time is its `created` column.
internal sealed record MetadataData(JsonElement Metadata);

internal sealed record PurgedData(bool Messages, bool Subscriptions);

/// <summary>A message-posted.v1 event: one message, its id the event id and its body the event body.</summary>
internal sealed record PostedData(string ClientId, int Ttl, int Delay);

/// <summary>A messages-posted.v2 event: one POST; each message's body is the next <c>Size</c> bytes of the event body.</summary>
internal sealed record PostedBatchData(string ClientId, PostedItem[] Messages);

internal sealed record PostedItem(Guid Id, int Ttl, int Delay, int Size);

internal sealed record ClaimedData(Guid Claim, Guid[] Ids, int Ttl, int Grace, bool Counted);

internal sealed record RenewedData(Guid Claim, int Ttl, int Grace);

internal sealed record ClaimData(Guid Claim);

internal sealed record DeletedData(Guid[] Ids, Guid? Claim);

internal sealed record DeadLetteredData(string Target, Guid[] Ids, int? Ttl);

internal sealed record ExpiredData(Guid[] Ids);

internal sealed record ClaimsExpiredData(Guid[] Claims);

internal sealed record SubscriptionData(Guid Id, string Subscriber, int Ttl, JsonElement Options, DateTimeOffset? Expires);

internal sealed record ConfirmedData(Guid Id, bool Confirmed);

internal sealed record SubscriptionRef(Guid Id);

internal sealed record EmptyData;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(MetadataData))]
[JsonSerializable(typeof(PurgedData))]
[JsonSerializable(typeof(PostedData))]
[JsonSerializable(typeof(PostedBatchData))]
[JsonSerializable(typeof(ClaimedData))]
[JsonSerializable(typeof(RenewedData))]
[JsonSerializable(typeof(ClaimData))]
[JsonSerializable(typeof(DeletedData))]
[JsonSerializable(typeof(DeadLetteredData))]
[JsonSerializable(typeof(ExpiredData))]
[JsonSerializable(typeof(ClaimsExpiredData))]
[JsonSerializable(typeof(SubscriptionData))]
[JsonSerializable(typeof(ConfirmedData))]
[JsonSerializable(typeof(SubscriptionRef))]
[JsonSerializable(typeof(EmptyData))]
internal sealed partial class EventJsonContext : JsonSerializerContext;
