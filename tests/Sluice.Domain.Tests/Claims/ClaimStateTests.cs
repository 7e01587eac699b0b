using Sluice.Domain.Claims;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Claims;

public sealed class ClaimStateTests
{
    private static readonly ClaimState Taken = new(C1, 300, 60, Now);

    [Fact]
    public void Given_no_claim_When_messages_claimed_Then_claim_live_until_now_plus_ttl()
    {
        var state = ClaimState.Evolve(null, new QueueEvent.MessagesClaimed(C1, [M1], 300, 60, true, Now));

        Assert.Equal(Taken, state);
        Assert.Equal(Now.AddSeconds(300), state!.Expires);
    }

    [Fact]
    public void Given_claim_When_renewed_Then_restarts_at_renewal_with_new_ttl_and_grace()
    {
        var state = ClaimState.Evolve(Taken, new QueueEvent.ClaimRenewed(C1, 600, 120, Now.AddSeconds(100)));

        Assert.Equal(new ClaimState(C1, 600, 120, Now.AddSeconds(100)), state);
        Assert.Equal(Now.AddSeconds(700), state!.Expires);
    }

    [Fact]
    public void Given_claim_When_released_Then_gone()
    {
        Assert.Null(ClaimState.Evolve(Taken, new QueueEvent.ClaimReleased(C1, Now)));
    }

    [Fact]
    public void Given_claim_When_another_claim_is_renewed_or_released_Then_unchanged()
    {
        Assert.Same(Taken, ClaimState.Evolve(Taken, new QueueEvent.ClaimRenewed(C2, 600, 120, Now)));
        Assert.Same(Taken, ClaimState.Evolve(Taken, new QueueEvent.ClaimReleased(C2, Now)));
    }

    [Fact]
    public void Given_no_claim_When_a_claim_is_renewed_or_released_Then_still_none()
    {
        Assert.Null(ClaimState.Evolve(null, new QueueEvent.ClaimRenewed(C1, 600, 120, Now)));
        Assert.Null(ClaimState.Evolve(null, new QueueEvent.ClaimReleased(C1, Now)));
    }

    [Fact]
    public void Given_claim_When_its_messages_are_deleted_Then_the_claim_stays()
    {
        Assert.Same(Taken, ClaimState.Evolve(Taken, new QueueEvent.MessagesDeleted([M1], C1, Now)));
    }
}
