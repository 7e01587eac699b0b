using Sluice.Domain.Queues;
using static Sluice.Domain.Tests.Spec;

namespace Sluice.Domain.Tests.Queues;

public sealed class QueueStateTests
{
    [Fact]
    public void Given_no_queue_When_created_Then_exists_with_that_metadata()
    {
        var metadata = Metadata("""{"a":1}""");

        Assert.Equal(new QueueState.Existing(metadata), Queue(new QueueEvent.QueueCreated(metadata, Now)));
    }

    [Fact]
    public void Given_existing_queue_When_created_again_Then_the_first_metadata_stays()
    {
        var first = Metadata("""{"a":1}""");

        var state = Queue(new QueueEvent.QueueCreated(first, Now), new QueueEvent.QueueCreated(Metadata("""{"a":2}"""), Now));

        Assert.Equal(new QueueState.Existing(first), state);
    }

    [Fact]
    public void Given_existing_queue_When_metadata_updated_Then_it_has_the_new_metadata()
    {
        var updated = Metadata("""{"b":2}""");

        var state = Queue(new QueueEvent.QueueCreated(Metadata("""{"a":1}"""), Now), new QueueEvent.QueueMetadataUpdated(updated, Now));

        Assert.Equal(new QueueState.Existing(updated), state);
    }

    [Fact]
    public void Given_no_queue_When_metadata_updated_Then_still_missing()
    {
        Assert.Same(QueueState.Missing.Instance, Queue(new QueueEvent.QueueMetadataUpdated(Metadata("""{"b":2}"""), Now)));
    }

    [Fact]
    public void Given_existing_queue_When_deleted_Then_missing_with_empty_metadata()
    {
        var state = Queue(new QueueEvent.QueueCreated(Metadata("""{"a":1}"""), Now), new QueueEvent.QueueDeleted(Now));

        Assert.Same(QueueState.Missing.Instance, state);
        Assert.Same(QueueMetadata.Empty, state.MetadataOrEmpty);
    }

    [Fact]
    public void Given_existing_queue_When_message_events_arrive_Then_unchanged()
    {
        var existing = ExistingQueue("""{"a":1}""");

        Assert.Same(existing, QueueState.Evolve(existing, new QueueEvent.MessagesDeleted([M1], null, Now)));
        Assert.Same(existing, QueueState.Evolve(existing, new QueueEvent.MessagesClaimed(C1, [M1], 300, 60, false, Now)));
        Assert.Equal("""{"a":1}""", existing.MetadataOrEmpty.Json);
    }
}
