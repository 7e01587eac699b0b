namespace Sluice.Domain.Subscriptions;

/// <summary>
/// A push subscription of a queue (contract §7.4). It lives <see cref="Ttl"/> seconds from its creation or from the
/// update that last set a ttl (<see cref="Expires"/>); its age counts from its last update. <see cref="Options"/> is
/// the client's JSON object, kept as given.
/// </summary>
public sealed record Subscription(
    SubscriptionId Id, string Subscriber, int Ttl, string Options, bool Confirmed, DateTimeOffset Updated, DateTimeOffset Expires)
{
    public bool IsLive(DateTimeOffset now) => now < Expires;
}

/// <summary>What a POST or PATCH supplies; null means "not given" (PATCH keeps the stored value).</summary>
public sealed record SubscriptionFields(string? Subscriber, int? Ttl, string? Options);
