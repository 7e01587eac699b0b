using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Queues;

public sealed partial class QueueDeciderTests
{
    [Fact]
    public void Given_no_queue_When_created_Then_queue_created_with_its_metadata_at_now()
    {
        var metadata = Metadata("""{"description":"billing","_default_message_ttl":300}""");

        var events = QueueDecider.Create(Queue(), metadata, Now);

        Then.Events(events, new QueueEvent.QueueCreated(metadata, Now));
    }

    [Fact]
    public void Given_existing_queue_When_created_again_Then_nothing_happens_and_its_metadata_is_untouched()
    {
        var events = QueueDecider.Create(ExistingQueue("""{"a":1}"""), Metadata("""{"a":2}"""), Now);

        Assert.Empty(events);
    }

    [Fact]
    public void Given_deleted_queue_When_created_Then_created_again()
    {
        var events = QueueDecider.Create(QueueState.Missing.Instance, QueueMetadata.Empty, Now);

        Then.Events(events, new QueueEvent.QueueCreated(QueueMetadata.Empty, Now));
    }
}
