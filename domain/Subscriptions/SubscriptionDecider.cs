using Sluice.Domain.Queues;

namespace Sluice.Domain.Subscriptions;

/// <summary>
/// Subscription decisions (contract §7.4), on the queue's subscriptions as loaded and locked. A subscription past its
/// ttl counts as gone: it answers 404 and does not hold its subscriber URI.
/// </summary>
public static class SubscriptionDecider
{
    /// <summary>
    /// POST: creates the queue when missing. The same subscriber again answers the existing id while unconfirmed, and
    /// is a conflict once confirmed (§8 item 11). An expired subscription of that subscriber is replaced.
    /// </summary>
    public static Decision<SubscriptionId> Create(
        QueueState queue, IReadOnlyList<Subscription> subscriptions, string subscriber, int ttl, string options, SubscriptionId id, DateTimeOffset now)
    {
        var events = new List<QueueEvent>(3);
        if (queue is QueueState.Missing) events.Add(new QueueEvent.QueueCreated(QueueMetadata.Empty, now));
        if (Find(subscriptions, subscriber) is { } same)
        {
            if (same.IsLive(now))
            {
                return same.Confirmed ? new Refusal(Rejection.SubscriptionExists) : new Decision<SubscriptionId>(same.Id, [.. events]);
            }
            events.Add(new QueueEvent.SubscriptionDeleted(same.Id, now));
        }
        events.Add(new QueueEvent.SubscriptionCreated(id, subscriber, ttl, options, now));
        return new Decision<SubscriptionId>(id, [.. events]);
    }

    /// <summary>
    /// PATCH: merges the given fields; a new ttl counts from now, and without one the expiry stands. Another live
    /// subscription's subscriber is a conflict.
    /// </summary>
    public static Decision<SubscriptionId> Update(
        IReadOnlyList<Subscription> subscriptions, SubscriptionId id, SubscriptionFields fields, DateTimeOffset now)
    {
        if (Live(subscriptions, id, now) is not { } current) return new Refusal(Rejection.SubscriptionNotFound, id.ToString());
        var events = new List<QueueEvent>(2);
        var subscriber = fields.Subscriber ?? current.Subscriber;
        if (subscriber != current.Subscriber && Find(subscriptions, subscriber) is { } other)
        {
            if (other.IsLive(now)) return new Refusal(Rejection.SubscriptionExists);
            events.Add(new QueueEvent.SubscriptionDeleted(other.Id, now));
        }
        var expires = fields.Ttl is { } ttl ? now.AddSeconds(ttl) : current.Expires;
        events.Add(new QueueEvent.SubscriptionUpdated(id, subscriber, fields.Ttl ?? current.Ttl, fields.Options ?? current.Options, expires, now));
        return new Decision<SubscriptionId>(id, [.. events]);
    }

    /// <summary>PUT …/confirm: records the flag; the same value again writes nothing.</summary>
    public static Decision<SubscriptionId> Confirm(IReadOnlyList<Subscription> subscriptions, SubscriptionId id, bool confirmed, DateTimeOffset now)
    {
        if (Live(subscriptions, id, now) is not { } current) return new Refusal(Rejection.SubscriptionNotFound, id.ToString());
        return current.Confirmed == confirmed
            ? new Decision<SubscriptionId>(id, [])
            : new Decision<SubscriptionId>(id, [new QueueEvent.SubscriptionConfirmed(id, confirmed, now)]);
    }

    /// <summary>DELETE: idempotent; an expired subscription is removed too.</summary>
    public static QueueEvent[] Delete(IReadOnlyList<Subscription> subscriptions, SubscriptionId id, DateTimeOffset now)
    {
        foreach (var s in subscriptions)
        {
            if (s.Id == id) return [new QueueEvent.SubscriptionDeleted(id, now)];
        }
        return [];
    }

    /// <summary>
    /// The sweep: the given subscriptions still past their ttl are deleted, so they stop holding their subscriber and
    /// their queue's follower. Which ones owe no more deliveries is the store's to say (the candidates).
    /// </summary>
    public static QueueEvent[] Expire(IReadOnlyList<Subscription> subscriptions, SubscriptionId[] candidates, DateTimeOffset now)
    {
        var events = new List<QueueEvent>();
        foreach (var s in subscriptions)
        {
            if (!s.IsLive(now) && Array.IndexOf(candidates, s.Id) >= 0) events.Add(new QueueEvent.SubscriptionDeleted(s.Id, now));
        }
        return [.. events];
    }

    private static Subscription? Find(IReadOnlyList<Subscription> subscriptions, string subscriber)
    {
        foreach (var s in subscriptions)
        {
            if (string.Equals(s.Subscriber, subscriber, StringComparison.Ordinal)) return s;
        }
        return null;
    }

    private static Subscription? Live(IReadOnlyList<Subscription> subscriptions, SubscriptionId id, DateTimeOffset now)
    {
        foreach (var s in subscriptions)
        {
            if (s.Id == id) return s.IsLive(now) ? s : null;
        }
        return null;
    }
}
