using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Queues;

/// <summary>The service with max_queues_per_page lowered to 5.</summary>
public sealed class SmallQueuePagesApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Sluice:Limits:MaxQueuesPerPage"] = "5" };
}
