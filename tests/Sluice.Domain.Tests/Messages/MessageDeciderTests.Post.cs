using System.Text;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Messages;

public sealed partial class MessageDeciderTests
{
    private const string Client = "3381af92-2b9e-11e3-b191-71861300734c";

    private static readonly ReadOnlyMemory<byte> Body1 = Encoding.UTF8.GetBytes("""{"event": "one"}""");
    private static readonly ReadOnlyMemory<byte> Body2 = Encoding.UTF8.GetBytes("[1, 2]");

    private static Decision<MessageId[]> Post(QueueState queue, params NewMessage[] messages) =>
        MessageDecider.Post(queue, messages, [.. new[] { M1, M2, M3 }.Take(messages.Length)], Client, 100, Defaults, Now);

    private static PostedMessage Posted(MessageId id, ReadOnlyMemory<byte> body, int ttl, int delay = 0) => new(id, body, ttl, delay);

    /// <summary>The one event a POST makes, whatever the number of its messages.</summary>
    private static QueueEvent.MessagesPosted Batch(params PostedMessage[] messages) => new(Client, messages, Now);

    [Fact]
    public void Given_no_queue_When_messages_posted_Then_queue_created_empty_before_the_messages()
    {
        var decision = Post(Queue(), new NewMessage(Body1, null, null));

        Then.Accepted(decision, new QueueEvent.QueueCreated(QueueMetadata.Empty, Now), Batch(Posted(M1, Body1, 3600)));
        Assert.Equal([M1], decision.Value!);
    }

    [Fact]
    public void Given_queue_When_batch_posted_Then_one_event_carrying_every_message_in_posted_order_with_the_raw_bodies()
    {
        var decision = Post(ExistingQueue(), new NewMessage(Body1, 120, null), new NewMessage(Body2, null, null));

        Then.Accepted(decision, Batch(Posted(M1, Body1, 120), Posted(M2, Body2, 3600)));
        Assert.Equal([M1, M2], decision.Value!);
    }

    [Fact]
    public void Given_queue_with_default_ttl_When_message_posted_without_ttl_Then_it_gets_the_queue_default()
    {
        var decision = Post(ExistingQueue("""{"_default_message_ttl":300}"""), new NewMessage(Body1, null, null), new NewMessage(Body2, 90, null));

        Then.Accepted(decision, Batch(Posted(M1, Body1, 300), Posted(M2, Body2, 90)));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(1209600)]
    public void Given_queue_When_ttl_on_the_bounds_Then_accepted(long ttl)
    {
        var decision = Post(ExistingQueue(), new NewMessage(Body1, ttl, null));

        Then.Accepted(decision, Batch(Posted(M1, Body1, (int)ttl)));
    }

    [Theory]
    [InlineData(59)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1209601)]
    [InlineData(long.MaxValue)]
    public void Given_queue_When_ttl_out_of_range_Then_refused(long ttl)
    {
        Then.Refused(Post(ExistingQueue(), new NewMessage(Body1, ttl, null)), Rejection.MessageTtlOutOfRange);
    }

    [Fact]
    public void Given_configured_max_ttl_When_message_exceeds_it_Then_refused()
    {
        var limits = new Limits { MaxMessageTtl = 100 };

        var decision = MessageDecider.Post(ExistingQueue(), [new NewMessage(Body1, 101, null)], [M1], Client, 10, limits, Now);

        Then.Refused(decision, Rejection.MessageTtlOutOfRange);
    }

    [Fact]
    public void Given_no_queue_When_one_message_of_the_batch_is_invalid_Then_nothing_is_written_not_even_the_queue()
    {
        var decision = Post(Queue(), new NewMessage(Body1, null, null), new NewMessage(Body2, 30, null));

        Then.Refused(decision, Rejection.MessageTtlOutOfRange);
    }

    [Fact]
    public void Given_queue_When_request_is_exactly_the_configured_size_Then_accepted()
    {
        var decision = MessageDecider.Post(ExistingQueue(), [new NewMessage(Body1, null, null)], [M1], Client, 262144, Defaults, Now);

        Then.Accepted(decision, Batch(Posted(M1, Body1, 3600)));
    }

    [Fact]
    public void Given_no_queue_When_request_is_larger_than_configured_Then_refused_with_the_limit_and_queue_not_created()
    {
        var decision = MessageDecider.Post(Queue(), [new NewMessage(Body1, null, null)], [M1], Client, 262145, Defaults, Now);

        Then.Refused(decision, Rejection.MessagesTooLarge, "262144");
    }

    [Fact]
    public void Given_queue_with_smaller_post_size_When_request_exceeds_it_Then_refused_with_the_queue_limit()
    {
        var queue = ExistingQueue("""{"_max_messages_post_size":100}""");

        var decision = MessageDecider.Post(queue, [new NewMessage(Body1, null, null)], [M1], Client, 101, Defaults, Now);

        Then.Refused(decision, Rejection.MessagesTooLarge, "100");
    }

    [Fact]
    public void Given_queue_post_size_above_configured_When_request_exceeds_configured_Then_refused_with_the_configured_limit()
    {
        var queue = ExistingQueue("""{"_max_messages_post_size":5000}""");
        var limits = new Limits { MaxMessagesPostSize = 1000 };

        var decision = MessageDecider.Post(queue, [new NewMessage(Body1, null, null)], [M1], Client, 1001, limits, Now);

        Then.Refused(decision, Rejection.MessagesTooLarge, "1000");
    }
}
