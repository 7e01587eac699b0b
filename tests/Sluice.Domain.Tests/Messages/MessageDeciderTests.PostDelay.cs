using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Messages;

/// <summary>
/// Per-message delay is honoured and validated on every queue (contract §5.1 "Ours"; Zaqar drops it on a queue without a
/// <c>_default_message_delay</c>); the queue's default, when set, applies to messages posted without one.
/// </summary>
public sealed partial class MessageDeciderTests
{
    private static readonly QueueState DelayQueue = ExistingQueue("""{"_default_message_delay":30}""");

    /// <summary>Queues without a default delay: none set, and a falsy one, which reads as unset (§7.1).</summary>
    public static TheoryData<string> PlainQueues => ["{}", """{"_default_message_delay":0}"""];

    [Theory]
    [MemberData(nameof(PlainQueues))]
    public void Given_queue_without_default_delay_When_message_gives_a_delay_in_range_Then_it_is_kept(string metadata)
    {
        var decision = Post(ExistingQueue(metadata), new NewMessage(Body1, null, 5), new NewMessage(Body2, null, 900), new NewMessage(Body1, null, 0));

        Then.Accepted(decision, Batch(Posted(M1, Body1, 3600, delay: 5), Posted(M2, Body2, 3600, delay: 900), Posted(M3, Body1, 3600, delay: 0)));
    }

    [Theory]
    [MemberData(nameof(PlainQueues))]
    public void Given_queue_without_default_delay_When_message_gives_no_delay_Then_it_has_none(string metadata)
    {
        Then.Accepted(Post(ExistingQueue(metadata), new NewMessage(Body1, null, null)), Batch(Posted(M1, Body1, 3600, delay: 0)));
    }

    [Theory]
    [InlineData("{}", -1)]
    [InlineData("{}", 901)]
    [InlineData("{}", long.MaxValue)]
    [InlineData("""{"_default_message_delay":0}""", 901)]
    public void Given_queue_without_default_delay_When_message_delay_out_of_range_Then_refused(string metadata, long delay)
    {
        Then.Refused(Post(ExistingQueue(metadata), new NewMessage(Body1, null, null), new NewMessage(Body2, null, delay)), Rejection.MessageDelayOutOfRange);
    }

    [Fact]
    public void Given_queue_without_default_delay_When_message_delay_is_not_an_int_Then_refused()
    {
        Then.Refused(Post(ExistingQueue(), new NewMessage(Body1, null, null, DelayNotInt: true)), Rejection.MessageDelayNotInt);
    }

    [Fact]
    public void Given_a_batch_When_one_delay_is_not_an_int_and_an_earlier_ttl_out_of_range_Then_the_type_is_refused_first_as_in_Zaqar()
    {
        Then.Refused(Post(ExistingQueue(), new NewMessage(Body1, 5, null), new NewMessage(Body2, null, null, DelayNotInt: true)), Rejection.MessageDelayNotInt);
    }

    [Fact]
    public void Given_no_queue_When_message_gives_a_delay_Then_the_queue_is_created_and_the_delay_kept()
    {
        Then.Accepted(Post(Queue(), new NewMessage(Body1, null, 5)), new QueueEvent.QueueCreated(QueueMetadata.Empty, Now), Batch(Posted(M1, Body1, 3600, delay: 5)));
    }

    [Fact]
    public void Given_configured_default_delay_When_queue_sets_none_Then_messages_without_a_delay_are_not_delayed()
    {
        var limits = new Limits { DefaultMessageDelay = 5 };

        var decision = MessageDecider.Post(ExistingQueue(), [new NewMessage(Body1, null, null)], [M1], Client, 10, limits, Now);

        Then.Accepted(decision, Batch(Posted(M1, Body1, 3600, delay: 0)));
    }

    [Fact]
    public void Given_queue_with_default_delay_When_message_has_no_delay_Then_it_gets_the_queue_default()
    {
        var decision = Post(DelayQueue, new NewMessage(Body1, null, null));

        Then.Accepted(decision, Batch(Posted(M1, Body1, 3600, delay: 30)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(900)]
    public void Given_queue_with_default_delay_When_message_gives_delay_in_range_including_zero_Then_it_overrides(long delay)
    {
        var decision = Post(DelayQueue, new NewMessage(Body1, null, delay));

        Then.Accepted(decision, Batch(Posted(M1, Body1, 3600, delay: (int)delay)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(901)]
    [InlineData(long.MaxValue)]
    public void Given_queue_with_default_delay_When_message_delay_out_of_range_Then_refused(long delay)
    {
        Then.Refused(Post(DelayQueue, new NewMessage(Body1, null, delay)), Rejection.MessageDelayOutOfRange);
    }

    [Fact]
    public void Given_configured_max_delay_When_message_exceeds_it_on_any_queue_Then_refused()
    {
        var limits = new Limits { MaxMessageDelay = 10 };

        foreach (var queue in new[] { ExistingQueue(), ExistingQueue("""{"_default_message_delay":5}""") })
        {
            Then.Refused(MessageDecider.Post(queue, [new NewMessage(Body1, null, 11)], [M1], Client, 10, limits, Now), Rejection.MessageDelayOutOfRange);
            Then.Accepted(MessageDecider.Post(queue, [new NewMessage(Body1, null, 10)], [M1], Client, 10, limits, Now), Batch(Posted(M1, Body1, 3600, delay: 10)));
        }
    }
}
