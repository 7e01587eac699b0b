namespace Sluice.Domain.Subscriptions;

/// <summary>
/// A push subscription of a queue (contract §7.4). It lives <see cref="Ttl"/> seconds from its creation or last
/// update; <see cref="Options"/> is the client's JSON object, kept as given.
/// </summary>
public sealed record Subscription(
    SubscriptionId Id, string Subscriber, int Ttl, string Options, bool Confirmed, DateTimeOffset Updated)
{
    public DateTimeOffset Expires => Updated.AddSeconds(Ttl);

    public bool IsLive(DateTimeOffset now) => now < Expires;
}

/// <summary>What a POST or PATCH supplies; null means "not given" (PATCH keeps the stored value).</summary>
public sealed record SubscriptionFields(string? Subscriber, int? Ttl, string? Options);
