using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Messages;

/// <summary>How a message's claim, claim count, ttl and expiry evolve (§6.1, §6.3, §6.4, §7.2, §8 items 5–6).</summary>
public sealed class MessageStateTests
{
    private static MessageState Posted(int ttl) => new(M1, null, 0, ttl, Now.AddSeconds(-10), Now.AddSeconds(ttl - 10));

    [Fact]
    public void Given_message_expiring_before_the_claim_When_claimed_Then_it_lives_to_claim_expiry_plus_grace()
    {
        var state = MessageState.Evolve(Posted(100), new QueueEvent.MessagesClaimed(C1, [M1], 300, 60, false, Now));

        Assert.Equal(Posted(100) with { Claim = C1, Ttl = 360, Expires = Now.AddSeconds(360) }, state);
    }

    [Fact]
    public void Given_message_outliving_the_claim_When_claimed_Then_only_the_claim_is_set()
    {
        var state = MessageState.Evolve(Posted(3600), new QueueEvent.MessagesClaimed(C1, [M1], 300, 60, false, Now));

        Assert.Equal(Posted(3600) with { Claim = C1 }, state);
    }

    [Fact]
    public void Given_message_expiring_exactly_with_the_claim_When_claimed_Then_its_expiry_is_not_extended()
    {
        var state = MessageState.Evolve(Posted(310), new QueueEvent.MessagesClaimed(C1, [M1], 300, 60, false, Now));

        Assert.Equal(Posted(310) with { Claim = C1 }, state);
    }

    [Fact]
    public void Given_dead_lettering_queue_When_claimed_with_counting_Then_claim_count_increments()
    {
        var once = MessageState.Evolve(Posted(3600), new QueueEvent.MessagesClaimed(C1, [M1], 300, 60, true, Now));
        var twice = MessageState.Evolve(once with { Claim = null }, new QueueEvent.MessagesClaimed(C2, [M1], 300, 60, true, Now));

        Assert.Equal(1, once.ClaimCount);
        Assert.Equal(2, twice.ClaimCount);
        Assert.Equal(C2, twice.Claim);
    }

    [Fact]
    public void Given_queue_without_dead_lettering_When_claimed_uncounted_Then_claim_count_stays()
    {
        var state = MessageState.Evolve(Posted(3600) with { ClaimCount = 4 }, new QueueEvent.MessagesClaimed(C1, [M1], 300, 60, false, Now));

        Assert.Equal(4, state.ClaimCount);
    }

    [Fact]
    public void Given_claimed_message_When_its_claim_is_renewed_Then_extension_is_reapplied_with_the_new_ttl_and_grace()
    {
        var claimed = MessageState.Evolve(Posted(100), new QueueEvent.MessagesClaimed(C1, [M1], 300, 60, false, Now));

        var renewed = MessageState.Evolve(claimed, new QueueEvent.ClaimRenewed(C1, 600, 120, Now.AddSeconds(200)));

        Assert.Equal(claimed with { Ttl = 720, Expires = Now.AddSeconds(920) }, renewed);
    }

    [Fact]
    public void Given_claimed_message_outliving_the_renewed_claim_When_renewed_Then_unchanged()
    {
        var claimed = MessageState.Evolve(Posted(3600), new QueueEvent.MessagesClaimed(C1, [M1], 300, 60, false, Now));

        Assert.Same(claimed, MessageState.Evolve(claimed, new QueueEvent.ClaimRenewed(C1, 600, 60, Now)));
    }

    [Fact]
    public void Given_claimed_message_When_another_claim_is_renewed_or_released_Then_unchanged()
    {
        var claimed = MessageState.Evolve(Posted(100), new QueueEvent.MessagesClaimed(C1, [M1], 300, 60, false, Now));

        Assert.Same(claimed, MessageState.Evolve(claimed, new QueueEvent.ClaimRenewed(C2, 43200, 43200, Now)));
        Assert.Same(claimed, MessageState.Evolve(claimed, new QueueEvent.ClaimReleased(C2, Now)));
    }

    [Fact]
    public void Given_claimed_message_When_its_claim_is_released_Then_free_keeping_ttl_expiry_and_claim_count()
    {
        var claimed = MessageState.Evolve(Posted(100), new QueueEvent.MessagesClaimed(C1, [M1], 300, 60, true, Now));

        var released = MessageState.Evolve(claimed, new QueueEvent.ClaimReleased(C1, Now.AddSeconds(5)));

        Assert.Equal(claimed with { Claim = null }, released);
        Assert.Equal(1, released.ClaimCount);
        Assert.Equal(360, released.Ttl);
    }

    [Fact]
    public void Given_claimed_message_When_dead_lettered_with_a_ttl_Then_free_with_that_ttl_from_now_and_claim_count_kept()
    {
        var claimed = Posted(3600) with { Claim = C1, ClaimCount = 2 };

        var moved = MessageState.Evolve(claimed, new QueueEvent.MessagesDeadLettered(Dlq, [M1], 120, Now));

        Assert.Equal(claimed with { Claim = null, Ttl = 120, Expires = Now.AddSeconds(120) }, moved);
    }

    [Fact]
    public void Given_claimed_message_When_dead_lettered_without_a_ttl_Then_free_keeping_its_ttl_and_expiry()
    {
        var claimed = Posted(3600) with { Claim = C1, ClaimCount = 2 };

        var moved = MessageState.Evolve(claimed, new QueueEvent.MessagesDeadLettered(Dlq, [M1], null, Now));

        Assert.Equal(claimed with { Claim = null }, moved);
    }

    [Fact]
    public void Given_message_When_events_that_do_not_change_it_arrive_Then_unchanged()
    {
        var message = Posted(3600);

        Assert.Same(message, MessageState.Evolve(message, new QueueEvent.QueuePurged(true, true, Now)));
        Assert.Same(message, MessageState.Evolve(message, new QueueEvent.QueueMetadataUpdated(QueueMetadata.Empty, Now)));
        Assert.Same(message, MessageState.Evolve(message, new QueueEvent.ClaimsExpired([C1], Now)));
    }

    /// <summary>STYLE: Evolve ignores events that don't apply; the SQL projection filters by <c>id = ANY(ids)</c>.</summary>
    [Fact]
    public void Given_message_When_a_claim_on_other_messages_is_taken_Then_unchanged()
    {
        var message = Posted(100);

        Assert.Same(message, MessageState.Evolve(message, new QueueEvent.MessagesClaimed(C1, [M2, M3], 300, 60, true, Now)));
    }

    /// <summary>STYLE: Evolve ignores events that don't apply; the SQL projection filters by <c>id = ANY(ids)</c>.</summary>
    [Fact]
    public void Given_claimed_message_When_other_messages_are_dead_lettered_Then_unchanged()
    {
        var claimed = Posted(3600) with { Claim = C1 };

        Assert.Same(claimed, MessageState.Evolve(claimed, new QueueEvent.MessagesDeadLettered(Dlq, [M2], 120, Now)));
    }
}
