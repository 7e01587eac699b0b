namespace Sluice.Benchmarks;

/// <summary>
/// One connection that posts each batch into a queue picked at random among <see cref="Projects"/> projects of
/// <see cref="QueuesPerProject"/> queues each: queue <c>{queue}-{q}</c> of project <c>{prefix}-{p}</c>, the project
/// named per request. It only posts; <see cref="Posted"/> counts what each queue was acknowledged for.
/// </summary>
internal sealed class SpreadClient(Uri baseUri, string prefix) : IQueueClient<string>
{
    public const int Projects = 100;
    public const int QueuesPerProject = 100;
    public const int Queues = Projects * QueuesPerProject;

    private readonly SluiceClient _client = new(baseUri, project: null);

    /// <summary>Messages acknowledged per queue, indexed by <c>p * QueuesPerProject + q</c>.</summary>
    public long[] Posted { get; } = new long[Queues];

    public static string Project(string prefix, int index) => $"{prefix}-{index / QueuesPerProject}";

    public static string Queue(string queue, int index) => $"{queue}-{index % QueuesPerProject}";

    public async Task<List<string>> Post(string queue, int count, long ticks, CancellationToken ct)
    {
        var index = Random.Shared.Next(Queues);
        var ids = await _client.PostAs(Project(prefix, index), Queue(queue, index), count, ticks, ct);
        Posted[index] += ids.Count;
        return ids;
    }

    public Task<List<ClaimedMessage<string>>> Claim(string queue, int limit, CancellationToken ct) => throw new NotSupportedException("a spread client only posts");

    public Task DeleteMany(string queue, List<string> ids, CancellationToken ct) => throw new NotSupportedException("a spread client only posts");

    public Task DeleteOne(string queue, ClaimedMessage<string> message, CancellationToken ct) => throw new NotSupportedException("a spread client only posts");

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
