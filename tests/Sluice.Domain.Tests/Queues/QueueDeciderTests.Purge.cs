using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Queues;

public sealed partial class QueueDeciderTests
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void Given_existing_queue_When_purged_Then_purged_with_the_resource_types_asked_for(bool messages, bool subscriptions)
    {
        var events = QueueDecider.Purge(ExistingQueue(), messages, subscriptions, Now);

        Then.Events(events, new QueueEvent.QueuePurged(messages, subscriptions, Now));
    }

    [Fact]
    public void Given_no_queue_When_purged_Then_nothing_happens()
    {
        Assert.Empty(QueueDecider.Purge(Queue(), messages: true, subscriptions: true, Now));
    }

}
