using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Messages;

/// <summary>One spec per row of the contract's §5.6 table.</summary>
public sealed partial class MessageDeciderTests
{
    private static readonly ClaimState LiveC2 = new(C2, 300, 60, Now.AddMinutes(-1));

    private static ClaimArgument Named(ClaimId id) => new(true, id);

    [Fact]
    public void Given_missing_or_expired_message_When_deleted_Then_nothing_happens()
    {
        var decision = MessageDecider.Delete(null, ClaimArgument.None, null, Now);

        Then.Accepted(decision);
        Assert.False(decision.Value);
    }

    [Fact]
    public void Given_missing_message_When_deleted_with_a_claim_id_even_malformed_Then_nothing_happens()
    {
        Then.Accepted(MessageDecider.Delete(null, Named(C1), null, Now));
        Then.Accepted(MessageDecider.Delete(null, ClaimArgument.Malformed, null, Now));
    }

    [Fact]
    public void Given_unclaimed_message_When_deleted_without_claim_id_Then_deleted()
    {
        var decision = MessageDecider.Delete(Message(M1), ClaimArgument.None, null, Now);

        Then.Accepted(decision, new QueueEvent.MessagesDeleted([M1], null, Now));
        Assert.True(decision.Value);
    }

    [Fact]
    public void Given_claimed_message_When_deleted_without_claim_id_Then_refused_as_claimed()
    {
        var decision = MessageDecider.Delete(ClaimedMessage(M1, C1), ClaimArgument.None, null, Now);

        Then.Refused(decision, Rejection.ClaimedWithoutClaimId);
    }

    [Fact]
    public void Given_never_claimed_message_When_deleted_with_claim_id_Then_refused_as_not_claimed()
    {
        var decision = MessageDecider.Delete(Message(M1), Named(C1), null, Now);

        Then.Refused(decision, Rejection.NotClaimed);
    }

    [Fact]
    public void Given_unclaimed_message_When_deleted_with_malformed_claim_id_Then_refused_as_unknown_claim()
    {
        var decision = MessageDecider.Delete(Message(M1), ClaimArgument.Malformed, null, Now);

        Then.Refused(decision, Rejection.ClaimExpiredOrUnknown);
    }

    [Fact]
    public void Given_claimed_message_When_deleted_with_malformed_claim_id_Then_refused_as_unknown_claim()
    {
        var decision = MessageDecider.Delete(ClaimedMessage(M1, C1), ClaimArgument.Malformed, null, Now);

        Then.Refused(decision, Rejection.ClaimExpiredOrUnknown);
    }

    [Fact]
    public void Given_message_claimed_by_another_When_deleted_with_unknown_or_expired_claim_id_Then_refused_as_unknown_claim()
    {
        var decision = MessageDecider.Delete(ClaimedMessage(M1, C1), Named(C2), null, Now);

        Then.Refused(decision, Rejection.ClaimExpiredOrUnknown);
    }

    [Fact]
    public void Given_message_claimed_by_another_When_deleted_with_a_different_live_claim_Then_refused_as_claimed()
    {
        var decision = MessageDecider.Delete(ClaimedMessage(M1, C1), Named(C2), LiveC2, Now);

        Then.Refused(decision, Rejection.ClaimedWithoutClaimId);
    }

    [Fact]
    public void Given_claimed_message_When_deleted_with_its_claim_id_Then_deleted_under_that_claim()
    {
        var decision = MessageDecider.Delete(ClaimedMessage(M1, C1), Named(C1), null, Now);

        Then.Accepted(decision, new QueueEvent.MessagesDeleted([M1], C1, Now));
        Assert.True(decision.Value);
    }
}
