using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Queues;

public sealed partial class QueueDeciderTests
{
    [Fact]
    public void Given_existing_queue_When_deleted_Then_queue_deleted_at_now()
    {
        var events = QueueDecider.Delete(ExistingQueue(), Now);

        Then.Events(events, new QueueEvent.QueueDeleted(Now));
    }

    [Fact]
    public void Given_no_queue_When_deleted_Then_nothing_happens()
    {
        Assert.Empty(QueueDecider.Delete(Queue(), Now));
    }

    [Fact]
    public void Given_queue_already_deleted_When_deleted_again_Then_nothing_happens()
    {
        Assert.Empty(QueueDecider.Delete(QueueState.Missing.Instance, Now));
    }
}
