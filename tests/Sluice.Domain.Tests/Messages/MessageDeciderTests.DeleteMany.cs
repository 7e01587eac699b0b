using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Messages;

/// <summary>DELETE ?ids= ignores claims unless <c>message_delete_with_claim_id</c> asks for claim ids (§5.5).</summary>
public sealed partial class MessageDeciderTests
{
    [Fact]
    public void Given_none_of_the_ids_found_When_deleted_Then_nothing_happens()
    {
        var decision = MessageDecider.DeleteMany([], null, Now);

        Then.Accepted(decision);
        Assert.Equal(0, decision.Value);
    }

    [Fact]
    public void Given_free_and_claimed_messages_When_deleted_by_ids_Then_all_deleted_regardless_of_claims()
    {
        MessageState[] found = [Message(M1), ClaimedMessage(M2, C1), ClaimedMessage(M3, C2)];

        var decision = MessageDecider.DeleteMany(found, null, Now);

        Then.Accepted(decision, new QueueEvent.MessagesDeleted([M1, M2, M3], null, Now));
        Assert.Equal(3, decision.Value);
    }

    [Fact]
    public void Given_claim_ids_required_When_every_message_is_held_by_one_of_them_Then_deleted()
    {
        MessageState[] found = [ClaimedMessage(M1, C1), ClaimedMessage(M2, C2)];

        var decision = MessageDecider.DeleteMany(found, [C2, C1], Now);

        Then.Accepted(decision, new QueueEvent.MessagesDeleted([M1, M2], null, Now));
        Assert.Equal(2, decision.Value);
    }

    [Fact]
    public void Given_claim_ids_required_When_a_message_is_unclaimed_Then_refused_and_nothing_deleted()
    {
        MessageState[] found = [ClaimedMessage(M1, C1), Message(M2)];

        Then.Refused(MessageDecider.DeleteMany(found, [C1], Now), Rejection.ClaimNotHeld);
    }

    [Fact]
    public void Given_claim_ids_required_When_a_message_is_held_by_a_claim_not_named_Then_refused_and_nothing_deleted()
    {
        MessageState[] found = [ClaimedMessage(M1, C1), ClaimedMessage(M2, C2)];

        Then.Refused(MessageDecider.DeleteMany(found, [C1], Now), Rejection.ClaimNotHeld);
    }

    [Fact]
    public void Given_claim_ids_required_When_none_of_the_ids_found_Then_nothing_happens()
    {
        var decision = MessageDecider.DeleteMany([], [C1], Now);

        Then.Accepted(decision);
        Assert.Equal(0, decision.Value);
    }
}
