namespace Sluice.Benchmarks;

/// <summary>A message handed out by a claim.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Href">The service's href (with <c>?claim_id=</c>); null for the raw baseline.</param>
/// <param name="ClaimId">The claim (raw baseline only).</param>
/// <param name="Ticks">The <c>t</c> of its body (Stopwatch ticks when it was posted), or -1.</param>
internal readonly record struct ClaimedMessage<TId>(TId Id, string? Href, Guid ClaimId, long Ticks);

/// <summary>One connection of a worker: to the service over keep-alive HTTP/1.1, or to PostgreSQL.</summary>
internal interface IQueueClient<TId> : IAsyncDisposable
{
    /// <summary>Posts <paramref name="count"/> bodies stamped <paramref name="ticks"/>; the ids acknowledged, in order.</summary>
    Task<List<TId>> Post(string queue, int count, long ticks, CancellationToken ct);

    /// <summary>Claims up to <paramref name="limit"/> messages for 300 s; empty when there is nothing to claim.</summary>
    Task<List<ClaimedMessage<TId>>> Claim(string queue, int limit, CancellationToken ct);

    /// <summary>Deletes exactly these ids in one request.</summary>
    Task DeleteMany(string queue, List<TId> ids, CancellationToken ct);

    /// <summary>Deletes one claimed message with its claim.</summary>
    Task DeleteOne(string queue, ClaimedMessage<TId> message, CancellationToken ct);
}

/// <summary>Where the workers connect: the service or the raw-SQL baseline.</summary>
internal interface IBackend<TId>
    where TId : notnull
{
    /// <summary><c>sluice</c> or <c>raw</c>.</summary>
    string Name { get; }

    Task<IQueueClient<TId>> Connect(string project, CancellationToken ct);

    /// <summary>Creates the queue (fresh per scenario).</summary>
    Task CreateQueue(string project, string queue, CancellationToken ct);

    /// <summary>
    /// Untimed, before <c>consume</c> drains what <c>produce</c> filled. The raw baseline analyzes its table here:
    /// filled from empty within one autovacuum nap, it is otherwise planned as one row and every claim sorts the whole
    /// queue. Sluice does nothing: its service keeps its own statistics current, on its own CPU time.
    /// </summary>
    Task BeforeDrain(CancellationToken ct);

    /// <summary>Removes the queue and what is left in it (after a drain that timed out).</summary>
    Task Purge(string project, string queue, CancellationToken ct);

    /// <summary>Messages still stored in the queue (null when unknown).</summary>
    Task<long?> Remaining(string project, string queue, CancellationToken ct);
}

/// <summary>A request that did not get the answer the workload expects; <see cref="Key"/> counts it (e.g. "HTTP 503").</summary>
internal sealed class BenchFailureException : Exception
{
    public BenchFailureException()
        : this("failure")
    {
    }

    public BenchFailureException(string key)
        : base(key) => Key = key;

    public BenchFailureException(string key, Exception inner)
        : base(key, inner) => Key = key;

    public string Key { get; } = "failure";
}
