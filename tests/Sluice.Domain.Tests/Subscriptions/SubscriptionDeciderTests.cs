using Sluice.Domain.Queues;
using Sluice.Domain.Subscriptions;

namespace Sluice.Domain.Tests.Subscriptions;

/// <summary>Given subscriptions, when a command, then events or a refusal (contract §7.4).</summary>
public sealed class SubscriptionDeciderTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private static readonly QueueState Existing = new QueueState.Existing(QueueMetadata.Empty);
    private static readonly SubscriptionId NewId = SubscriptionId.New();

    private static Subscription Sub(string subscriber, bool confirmed = false, int ttl = 3600, double ageSeconds = 0) =>
        new(SubscriptionId.New(), subscriber, ttl, "{}", confirmed, Now.AddSeconds(-ageSeconds), Now.AddSeconds(ttl - ageSeconds));

    [Fact]
    public void Given_a_missing_queue_When_subscribing_Then_the_queue_is_created_first()
    {
        var d = SubscriptionDecider.Create(QueueState.Missing.Instance, [], "http://a", 60, "{}", NewId, Now);
        Assert.Equal(NewId, d.Value);
        Assert.Collection(d.Events,
            e => Assert.IsType<QueueEvent.QueueCreated>(e),
            e => Assert.Equal(new QueueEvent.SubscriptionCreated(NewId, "http://a", 60, "{}", Now), e));
    }

    [Fact]
    public void Given_the_subscriber_unconfirmed_When_subscribing_again_Then_its_id_and_no_events()
    {
        var existing = Sub("http://a");
        var d = SubscriptionDecider.Create(Existing, [existing], "http://a", 60, "{}", NewId, Now);
        Assert.Equal((existing.Id, 0), (d.Value, d.Events.Length));
    }

    [Fact]
    public void Given_the_subscriber_confirmed_When_subscribing_again_Then_a_conflict()
    {
        var d = SubscriptionDecider.Create(Existing, [Sub("http://a", confirmed: true)], "http://a", 60, "{}", NewId, Now);
        Assert.Equal(Rejection.SubscriptionExists, d.Refused?.Reason);
    }

    [Fact]
    public void Given_the_subscriber_expired_When_subscribing_again_Then_the_old_one_is_replaced()
    {
        var old = Sub("http://a", confirmed: true, ttl: 60, ageSeconds: 60);
        var d = SubscriptionDecider.Create(Existing, [old], "http://a", 120, "{}", NewId, Now);
        Assert.Equal([new QueueEvent.SubscriptionDeleted(old.Id, Now), new QueueEvent.SubscriptionCreated(NewId, "http://a", 120, "{}", Now)], d.Events);
    }

    [Fact]
    public void Given_a_subscription_When_updated_Then_given_fields_change_and_others_are_kept()
    {
        var s = Sub("http://a", ttl: 300, ageSeconds: 100);
        var d = SubscriptionDecider.Update([s], s.Id, new SubscriptionFields(null, null, "{\"x\":1}"), Now);
        Assert.Equal([new QueueEvent.SubscriptionUpdated(s.Id, "http://a", 300, "{\"x\":1}", s.Expires, Now)], d.Events);
        var renewed = SubscriptionDecider.Update([s], s.Id, new SubscriptionFields(null, 120, null), Now);
        Assert.Equal(Now.AddSeconds(120), ((QueueEvent.SubscriptionUpdated)renewed.Events[0]).Expires);
    }

    [Fact]
    public void Given_another_live_subscriber_When_updated_to_it_Then_a_conflict_and_an_expired_one_is_replaced()
    {
        var s = Sub("http://a");
        var live = Sub("http://b");
        Assert.Equal(Rejection.SubscriptionExists, SubscriptionDecider.Update([s, live], s.Id, new SubscriptionFields("http://b", null, null), Now).Refused?.Reason);
        var expired = Sub("http://c", ttl: 60, ageSeconds: 61);
        var d = SubscriptionDecider.Update([s, expired], s.Id, new SubscriptionFields("http://c", null, null), Now);
        Assert.Equal([new QueueEvent.SubscriptionDeleted(expired.Id, Now), new QueueEvent.SubscriptionUpdated(s.Id, "http://c", 3600, "{}", s.Expires, Now)], d.Events);
    }

    [Fact]
    public void Given_an_expired_or_unknown_subscription_When_updated_or_confirmed_Then_not_found()
    {
        var expired = Sub("http://a", ttl: 60, ageSeconds: 60);
        Assert.Equal(Rejection.SubscriptionNotFound, SubscriptionDecider.Update([expired], expired.Id, new SubscriptionFields(null, 100, null), Now).Refused?.Reason);
        Assert.Equal(Rejection.SubscriptionNotFound, SubscriptionDecider.Confirm([expired], expired.Id, true, Now).Refused?.Reason);
        Assert.Equal(Rejection.SubscriptionNotFound, SubscriptionDecider.Confirm([expired], SubscriptionId.New(), true, Now).Refused?.Reason);
    }

    [Fact]
    public void Given_a_confirmation_When_repeated_Then_no_events()
    {
        var s = Sub("http://a", confirmed: true);
        Assert.Empty(SubscriptionDecider.Confirm([s], s.Id, true, Now).Events);
        Assert.Equal([new QueueEvent.SubscriptionConfirmed(s.Id, false, Now)], SubscriptionDecider.Confirm([s], s.Id, false, Now).Events);
    }

    [Fact]
    public void Given_a_delete_When_the_subscription_exists_or_not_Then_one_event_or_none()
    {
        var s = Sub("http://a", ttl: 60, ageSeconds: 100);
        Assert.Equal([new QueueEvent.SubscriptionDeleted(s.Id, Now)], SubscriptionDecider.Delete([s], s.Id, Now));
        Assert.Empty(SubscriptionDecider.Delete([s], SubscriptionId.New(), Now));
    }

    [Fact]
    public void Given_live_and_expired_subscriptions_When_swept_Then_only_expired_candidates_are_deleted()
    {
        var live = Sub("http://a", ttl: 60, ageSeconds: 59);
        var expired = Sub("http://b", ttl: 60, ageSeconds: 60);
        var owing = Sub("http://c", ttl: 60, ageSeconds: 90);
        Assert.Equal([new QueueEvent.SubscriptionDeleted(expired.Id, Now)], SubscriptionDecider.Expire([live, expired, owing], [live.Id, expired.Id], Now));
    }
}
