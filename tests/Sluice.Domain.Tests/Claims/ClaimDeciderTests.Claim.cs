using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Claims;

/// <summary>Claiming, with claim counting and dead-lettering per §7.2.</summary>
public sealed partial class ClaimDeciderTests
{
    private const string DeadLettering = """{"_max_claim_count":2,"_dead_letter_queue":"dead.letters"}""";

    private static Decision<MessageId[]> Claim(string metadata, QueueState dlq, params MessageState[] candidates) =>
        Claim(metadata, dlq, candidates, out _);

    private static Decision<MessageId[]> Claim(string metadata, QueueState dlq, MessageState[] candidates, out StreamEvent? createDlq) =>
        ClaimDecider.Claim(Settings(metadata), dlq, candidates, C1, 300, 60, Now, out createDlq);

    private static QueueEvent.MessagesClaimed Claimed(bool counted, params MessageId[] ids) => new(C1, ids, 300, 60, counted, Now);

    [Fact]
    public void Given_free_messages_When_claimed_Then_claimed_uncounted_with_ttl_and_grace_and_no_queue_created()
    {
        var decision = Claim("{}", Queue(), [Message(M1), Message(M2)], out var createDlq);

        Then.Accepted(decision, Claimed(false, M1, M2));
        Assert.Equal([M1, M2], decision.Value!);
        Assert.Null(createDlq);
    }

    [Fact]
    public void Given_nothing_claimable_When_claimed_Then_nothing_happens()
    {
        var decision = Claim(DeadLettering, Queue(), [], out var createDlq);

        Then.Accepted(decision);
        Assert.Empty(decision.Value!);
        Assert.Null(createDlq);
    }

    [Theory]
    [InlineData("""{"_max_claim_count":1}""")]
    [InlineData("""{"_dead_letter_queue":"dead.letters"}""")]
    [InlineData("""{"_max_claim_count":1,"_dead_letter_queue":""}""")]
    public void Given_only_one_of_max_claim_count_and_dlq_When_claimed_Then_not_counted_and_nothing_moved(string metadata)
    {
        var decision = Claim(metadata, Queue(), [WithClaimCount(M1, 5)], out var createDlq);

        Then.Accepted(decision, Claimed(false, M1));
        Assert.Null(createDlq);
    }

    [Fact]
    public void Given_dead_lettering_When_claim_count_below_max_Then_claimed_and_counted()
    {
        var decision = Claim(DeadLettering, ExistingQueue(), [WithClaimCount(M1, 0), WithClaimCount(M2, 1)]);

        Then.Accepted(decision, Claimed(true, M1, M2));
    }

    [Fact]
    public void Given_dead_lettering_When_some_reached_max_Then_those_moved_first_and_the_rest_claimed()
    {
        var decision = Claim(DeadLettering, ExistingQueue(), WithClaimCount(M1, 2), WithClaimCount(M2, 1), WithClaimCount(M3, 7));

        Then.Accepted(decision, new QueueEvent.MessagesDeadLettered(Dlq, [M1, M3], null, Now), Claimed(true, M2));
        Assert.Equal([M2], decision.Value!);
    }

    [Fact]
    public void Given_dead_lettering_When_every_candidate_reached_max_Then_all_moved_and_nothing_claimed()
    {
        var decision = Claim(DeadLettering, ExistingQueue(), WithClaimCount(M1, 2), WithClaimCount(M2, 3));

        Then.Accepted(decision, new QueueEvent.MessagesDeadLettered(Dlq, [M1, M2], null, Now));
        Assert.Empty(decision.Value!);
    }

    [Fact]
    public void Given_missing_dlq_When_a_message_is_moved_Then_the_dlq_is_created_empty_in_its_own_stream()
    {
        Claim(DeadLettering, Queue(), [WithClaimCount(M1, 2)], out var createDlq);

        Assert.Equal(new StreamEvent(Dlq, new QueueEvent.QueueCreated(QueueMetadata.Empty, Now)), createDlq);
    }

    [Fact]
    public void Given_existing_dlq_When_a_message_is_moved_Then_no_queue_is_created()
    {
        Claim(DeadLettering, ExistingQueue(), [WithClaimCount(M1, 2)], out var createDlq);

        Assert.Null(createDlq);
    }

    [Fact]
    public void Given_missing_dlq_When_nothing_is_moved_Then_no_queue_is_created()
    {
        Claim(DeadLettering, Queue(), [WithClaimCount(M1, 1)], out var createDlq);

        Assert.Null(createDlq);
    }

    [Fact]
    public void Given_dlq_messages_ttl_When_moved_Then_they_take_that_ttl()
    {
        const string metadata = """{"_max_claim_count":1,"_dead_letter_queue":"dead.letters","_dead_letter_queue_messages_ttl":120}""";

        var decision = Claim(metadata, ExistingQueue(), WithClaimCount(M1, 1));

        Then.Accepted(decision, new QueueEvent.MessagesDeadLettered(Dlq, [M1], 120, Now));
    }

    [Fact]
    public void Given_negative_max_claim_count_with_dlq_When_claimed_first_time_Then_moved()
    {
        var decision = Claim("""{"_max_claim_count":-1,"_dead_letter_queue":"dead.letters"}""", ExistingQueue(), Message(M1));

        Then.Accepted(decision, new QueueEvent.MessagesDeadLettered(Dlq, [M1], null, Now));
    }

    /// <summary>§7.1: "_max_claim_count has no range check (≤ 0 with a DLQ moves every message on its first claim attempt)".</summary>
    [Fact]
    public void Given_zero_max_claim_count_with_dlq_When_claimed_first_time_Then_moved()
    {
        var decision = Claim("""{"_max_claim_count":0,"_dead_letter_queue":"dead.letters"}""", ExistingQueue(), Message(M1));

        Then.Accepted(decision, new QueueEvent.MessagesDeadLettered(Dlq, [M1], null, Now));
    }

    [Fact]
    public void Given_max_claim_count_two_When_claimed_three_times_Then_delivered_twice_and_moved_on_the_third()
    {
        var settings = Settings(DeadLettering);
        var message = Message(M1);
        for (var round = 0; round < 2; round++)
        {
            var delivered = ClaimDecider.Claim(settings, ExistingQueue(), [message], C1, 300, 60, Now, out _);
            Assert.Equal([M1], delivered.Value!);
            // Claimed (counted) and released again: the state the store loads for the next claim.
            Assert.True(((QueueEvent.MessagesClaimed)delivered.Events[0]).Counted);
            message = message with { ClaimCount = message.ClaimCount + 1 };
        }

        var third = ClaimDecider.Claim(settings, ExistingQueue(), [message], C1, 300, 60, Now, out _);

        Then.Accepted(third, new QueueEvent.MessagesDeadLettered(Dlq, [M1], null, Now));
        Assert.Equal(2, message.ClaimCount);
    }
}
