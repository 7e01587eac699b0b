using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Messages;

/// <summary>Per-message delay is honoured only on a queue with a truthy <c>_default_message_delay</c> (§5.1 step 4).</summary>
public sealed partial class MessageDeciderTests
{
    private static readonly QueueState DelayQueue = ExistingQueue("""{"_default_message_delay":30}""");

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"_default_message_delay":0}""")]
    public void Given_queue_without_default_delay_When_delay_given_even_out_of_range_Then_dropped_silently(string metadata)
    {
        var decision = Post(ExistingQueue(metadata), new NewMessage(Body1, null, 901), new NewMessage(Body2, null, -5));

        Then.Accepted(decision, Posted(M1, Body1, 3600, delay: 0), Posted(M2, Body2, 3600, delay: 0));
    }

    [Fact]
    public void Given_queue_with_default_delay_When_message_has_no_delay_Then_it_gets_the_queue_default()
    {
        var decision = Post(DelayQueue, new NewMessage(Body1, null, null));

        Then.Accepted(decision, Posted(M1, Body1, 3600, delay: 30));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(900)]
    public void Given_queue_with_default_delay_When_message_gives_delay_in_range_including_zero_Then_it_overrides(long delay)
    {
        var decision = Post(DelayQueue, new NewMessage(Body1, null, delay));

        Then.Accepted(decision, Posted(M1, Body1, 3600, delay: (int)delay));
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
    public void Given_configured_max_delay_When_message_exceeds_it_Then_refused()
    {
        var limits = new Limits { MaxMessageDelay = 10 };
        var queue = ExistingQueue("""{"_default_message_delay":5}""");

        var decision = MessageDecider.Post(queue, [new NewMessage(Body1, null, 11)], [M1], Client, 10, limits, Now);

        Then.Refused(decision, Rejection.MessageDelayOutOfRange);
    }
}
