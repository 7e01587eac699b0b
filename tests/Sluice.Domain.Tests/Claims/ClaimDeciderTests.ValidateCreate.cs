using Sluice.Domain.Claims;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Claims;

/// <summary>Claim create: ttl 60..max_claim_ttl and grace 60..max_claim_grace (§6.1).</summary>
public sealed partial class ClaimDeciderTests
{
    [Theory]
    [InlineData(60, 60)]
    [InlineData(300, 60)]
    [InlineData(43200, 43200)]
    public void Given_ttl_and_grace_in_range_When_claim_requested_Then_accepted(long ttl, long grace)
    {
        Assert.Null(ClaimDecider.ValidateCreate(ttl, grace, Defaults));
    }

    [Theory]
    [InlineData(59)]
    [InlineData(0)]
    [InlineData(43201)]
    [InlineData(long.MaxValue)]
    public void Given_ttl_out_of_range_When_claim_requested_Then_refused(long ttl)
    {
        Assert.Equal(new Refusal(Rejection.ClaimTtlOutOfRange), ClaimDecider.ValidateCreate(ttl, 60, Defaults));
    }

    [Theory]
    [InlineData(59)]
    [InlineData(0)]
    [InlineData(43201)]
    [InlineData(long.MinValue)]
    public void Given_grace_out_of_range_When_claim_requested_Then_refused(long grace)
    {
        Assert.Equal(new Refusal(Rejection.ClaimGraceOutOfRange), ClaimDecider.ValidateCreate(300, grace, Defaults));
    }

    [Fact]
    public void Given_both_out_of_range_When_claim_requested_Then_ttl_is_reported()
    {
        Assert.Equal(new Refusal(Rejection.ClaimTtlOutOfRange), ClaimDecider.ValidateCreate(10, 10, Defaults));
    }

    [Fact]
    public void Given_configured_maxima_When_claim_exceeds_them_Then_refused()
    {
        var limits = new Limits { MaxClaimTtl = 100, MaxClaimGrace = 80 };

        Assert.Equal(new Refusal(Rejection.ClaimTtlOutOfRange), ClaimDecider.ValidateCreate(101, 60, limits));
        Assert.Equal(new Refusal(Rejection.ClaimGraceOutOfRange), ClaimDecider.ValidateCreate(100, 81, limits));
        Assert.Null(ClaimDecider.ValidateCreate(100, 80, limits));
    }
}
