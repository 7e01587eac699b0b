using Sluice.Domain.Claims;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Claims;

/// <summary>Renewal: ttl 60..max_claim_ttl; grace is not range-checked on PATCH, only ≥ 0 (§6.3).</summary>
public sealed partial class ClaimDeciderTests
{
    private static readonly ClaimState Live = new(C1, 300, 60, Now.AddMinutes(-2));

    [Fact]
    public void Given_live_claim_When_renewed_Then_renewed_at_now_with_the_new_ttl_and_grace()
    {
        var decision = ClaimDecider.Renew(Live, 600, 120, Defaults, Now);

        Then.Accepted(decision, new QueueEvent.ClaimRenewed(C1, 600, 120, Now));
        Assert.True(decision.Value);
    }

    [Fact]
    public void Given_missing_or_expired_claim_When_renewed_Then_refused_as_not_found()
    {
        Then.Refused(ClaimDecider.Renew(null, 600, 120, Defaults, Now), Rejection.ClaimNotFound);
    }

    [Theory]
    [InlineData(59)]
    [InlineData(43201)]
    [InlineData(long.MaxValue)]
    public void Given_live_claim_When_renewed_with_ttl_out_of_range_Then_refused(long ttl)
    {
        Then.Refused(ClaimDecider.Renew(Live, ttl, 60, Defaults, Now), Rejection.ClaimTtlOutOfRange);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(43201)]
    [InlineData(int.MaxValue)]
    public void Given_live_claim_When_renewed_with_any_non_negative_grace_Then_accepted(long grace)
    {
        Then.Accepted(ClaimDecider.Renew(Live, 60, grace, Defaults, Now), new QueueEvent.ClaimRenewed(C1, 60, (int)grace, Now));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData((long)int.MaxValue + 1)]
    public void Given_live_claim_When_renewed_with_negative_or_overflowing_grace_Then_refused(long grace)
    {
        Then.Refused(ClaimDecider.Renew(Live, 300, grace, Defaults, Now), Rejection.ClaimGraceOutOfRange);
    }

    [Fact]
    public void Given_configured_max_claim_ttl_When_renewal_exceeds_it_Then_refused()
    {
        Then.Refused(ClaimDecider.Renew(Live, 101, 60, new Limits { MaxClaimTtl = 100 }, Now), Rejection.ClaimTtlOutOfRange);
    }
}
