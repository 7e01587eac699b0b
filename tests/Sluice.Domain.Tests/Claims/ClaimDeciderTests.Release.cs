using Sluice.Domain.Claims;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Claims;

/// <summary>Release is always a 204: a missing or expired claim is a no-op (§6.4).</summary>
public sealed partial class ClaimDeciderTests
{
    [Fact]
    public void Given_live_claim_When_released_Then_released_at_now()
    {
        var events = ClaimDecider.Release(new ClaimState(C2, 300, 60, Now.AddMinutes(-1)), Now);

        Then.Events(events, new QueueEvent.ClaimReleased(C2, Now));
    }

    [Fact]
    public void Given_missing_or_expired_claim_When_released_Then_nothing_happens()
    {
        Assert.Empty(ClaimDecider.Release(null, Now));
    }
}
