using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Messages;

/// <summary>Pop claims and deletes the oldest free messages in one step (§5.5).</summary>
public sealed partial class MessageDeciderTests
{
    [Fact]
    public void Given_nothing_poppable_When_popped_Then_no_claim_and_nothing_happens()
    {
        var decision = MessageDecider.Pop([], C1, Defaults, Now);

        Then.Accepted(decision);
        Assert.Null(decision.Value);
    }

    [Fact]
    public void Given_free_messages_When_popped_Then_claimed_uncounted_with_default_claim_ttl_then_deleted_under_that_claim()
    {
        var decision = MessageDecider.Pop([Message(M1), Message(M2)], C1, Defaults, Now);

        Then.Accepted(decision,
            new QueueEvent.MessagesClaimed(C1, [M1, M2], 300, 60, false, Now),
            new QueueEvent.MessagesDeleted([M1, M2], C1, Now));
        Assert.Equal(C1, decision.Value);
    }

    [Fact]
    public void Given_configured_claim_defaults_When_popped_Then_the_pop_claim_uses_them()
    {
        var limits = new Limits { DefaultClaimTtl = 120, DefaultClaimGrace = 90 };

        var decision = MessageDecider.Pop([Message(M3)], C2, limits, Now);

        Then.Accepted(decision,
            new QueueEvent.MessagesClaimed(C2, [M3], 120, 90, false, Now),
            new QueueEvent.MessagesDeleted([M3], C2, Now));
    }

    [Fact]
    public void Given_candidates_in_queue_order_When_popped_Then_that_order_is_kept()
    {
        ClaimId? claim = C1;

        var decision = MessageDecider.Pop([Message(M3), Message(M1)], C1, Defaults, Now);

        Assert.Equal(claim, decision.Value);
        Assert.Equal([M3, M1], ((QueueEvent.MessagesDeleted)decision.Events[1]).Messages);
    }
}
