namespace Sluice.Benchmarks;

/// <summary>
/// <c>growth</c>, second figure: post throughput into one queue against posts spread over <see cref="SpreadClient.Queues"/>
/// queues of <see cref="SpreadClient.Projects"/> projects, a random (project, queue) per post; 8 connections posting
/// batches of 10 bodies of 256 bytes for --growth-seconds, the order alternating by round. Every spread queue is made
/// beforehand (untimed): a post into a missing queue makes it, and that would be timed. Afterwards, untimed, every queue
/// must hold exactly what its posts were acknowledged for, and no id may have been acknowledged twice.
/// </summary>
internal sealed class GrowthPosts(Scenarios<string> scenarios, Probe probe, Options options, Uri baseUri, string runId, Action<string> say)
{
    public const string One = "growth-post-one";
    public const string Spread = "growth-post-spread";
    private const string OneQueue = "post-one";
    private const string SpreadQueue = "post-spread";

    private string OneProject => $"bench-{runId}-growth";

    private string SpreadPrefix => $"bench-{runId}-spread";

    public async Task<List<RunResult>> Run(CancellationToken ct)
    {
        await MakeSpreadQueues(ct);
        var runs = new List<RunResult>();
        List<string> oneAcked = [], spreadAcked = [];
        var posted = new long[SpreadClient.Queues];
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var spread in round % 2 == 1 ? [false, true] : (bool[])[true, false])
            {
                var r = new RunResult(spread ? Spread : One, "sluice", round);
                await probe.Watch(r, sampleServiceRss: false, async () =>
                {
                    if (spread) spreadAcked.AddRange(await PostSpread(r, posted));
                    else oneAcked.AddRange((await scenarios.Produce(r, OneProject, OneQueue, options.GrowthSeconds)).Acked);
                });
                say(Growth.Line(r, options.Rounds));
                runs.Add(r);
            }
        }
        var lastOne = runs.Last(r => r.Scenario == One);
        var lastSpread = runs.Last(r => r.Scenario == Spread);
        say($"growth: checking what the post queues hold ({SpreadClient.Queues + 1:N0} queues)");
        NoDuplicates(lastOne, oneAcked);
        NoDuplicates(lastSpread, spreadAcked);
        await using (var client = new SluiceClient(baseUri, OneProject))
        {
            Holds(lastOne, runs.Where(r => r.Scenario == One).Sum(r => r.ErrorCount), await client.Total(OneQueue, ct), oneAcked.Count);
        }
        await CheckSpread(lastSpread, runs.Where(r => r.Scenario == Spread).Sum(r => r.ErrorCount), posted, ct);
        foreach (var r in runs) Growth.Loud(say, r);
        return runs;
    }

    private async Task<List<string>> PostSpread(RunResult r, long[] posted)
    {
        var clients = Enumerable.Range(0, Scenarios<string>.Connections).Select(_ => new SpreadClient(baseUri, SpreadPrefix)).ToArray();
        try
        {
            return await scenarios.ProduceOn(r, clients, SpreadQueue, options.GrowthSeconds);
        }
        finally
        {
            foreach (var c in clients)
            {
                for (var i = 0; i < posted.Length; i++) posted[i] += c.Posted[i];
                await c.DisposeAsync();
            }
        }
    }

    /// <summary>PUT every spread queue, <see cref="Growth.LoadProducers"/> projects at a time, each on one connection.</summary>
    private async Task MakeSpreadQueues(CancellationToken ct)
    {
        say($"growth: making {SpreadClient.Queues:N0} queues in {SpreadClient.Projects} projects");
        var made = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Stats.Every(() => ForEachProject(async (client, index, token) =>
        {
            var status = await client.Put($"/v2/queues/{SpreadClient.Queue(SpreadQueue, index)}", token);
            if (status is not (201 or 204)) throw new BenchFailureException($"PUT a spread queue answered HTTP {status}");
            Interlocked.Increment(ref made);
        }, ct), TimeSpan.FromSeconds(10), () =>
        {
            say($"growth: {Volatile.Read(ref made):N0} of {SpreadClient.Queues:N0} queues made in {clock.Elapsed.TotalSeconds:0} s");
            return Task.CompletedTask;
        }, ct);
        say($"growth: {SpreadClient.Queues:N0} queues made in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Every spread queue's total against what its posts were acknowledged for.</summary>
    private async Task CheckSpread(RunResult r, long errors, long[] posted, CancellationToken ct)
    {
        long unknown = 0, fewer = 0, more = 0, missing = 0;
        await ForEachProject(async (client, index, token) =>
        {
            var total = await client.Total(SpreadClient.Queue(SpreadQueue, index), token);
            if (total is null)
            {
                Interlocked.Increment(ref unknown);
            }
            else if (total < posted[index])
            {
                Interlocked.Increment(ref fewer);
                Interlocked.Add(ref missing, posted[index] - total.Value);
            }
            else if (total > posted[index])
            {
                Interlocked.Increment(ref more);
            }
        }, ct);
        var what = $"of the {SpreadClient.Queues:N0} spread queues";
        if (unknown > 0) r.Warnings.Add($"the size of {unknown:N0} {what} is unknown");
        if (fewer > 0 && errors == 0) r.Violations.Add($"LOST: {fewer:N0} {what} hold fewer messages than their posts were acknowledged for ({missing:N0} in all)");
        else if (fewer > 0) r.Warnings.Add($"{fewer:N0} {what} hold fewer messages than their posts were acknowledged for ({missing:N0} in all): with {errors} failed post(s), loss is not judged");
        if (more > 0) r.Warnings.Add($"{more:N0} {what} hold more messages than their posts were acknowledged for (a post that failed here may have been stored)");
    }

    private async Task ForEachProject(Func<SluiceClient, int, CancellationToken, Task> perQueue, CancellationToken ct) =>
        await Parallel.ForEachAsync(Enumerable.Range(0, SpreadClient.Projects),
            new ParallelOptions { MaxDegreeOfParallelism = Growth.LoadProducers, CancellationToken = ct }, async (p, token) =>
            {
                await using var client = new SluiceClient(baseUri, SpreadClient.Project(SpreadPrefix, p * SpreadClient.QueuesPerProject));
                for (var q = 0; q < SpreadClient.QueuesPerProject; q++) await perQueue(client, (p * SpreadClient.QueuesPerProject) + q, token);
            });

    private static void NoDuplicates(RunResult r, List<string> acked)
    {
        var distinct = acked.ToHashSet(StringComparer.Ordinal).Count;
        if (distinct != acked.Count) r.Violations.Add($"DUPLICATE IDS: {acked.Count - distinct} id(s) acknowledged twice by posts");
    }

    /// <summary>The one queue holding <paramref name="held"/> where its posts were acknowledged for <paramref name="acked"/>.</summary>
    private static void Holds(RunResult r, long errors, long? held, long acked)
    {
        if (held is not { } n)
        {
            r.Warnings.Add($"the size of queue {OneQueue} is unknown");
        }
        else if (n < acked && errors == 0)
        {
            r.Violations.Add($"LOST: queue {OneQueue} holds {n:N0} messages, its posts were acknowledged for {acked:N0}");
        }
        else if (n != acked)
        {
            r.Warnings.Add($"queue {OneQueue} holds {n:N0} messages, its posts were acknowledged for {acked:N0}: with {errors} failed post(s), a post that failed here may have been stored, so loss is not judged");
        }
    }
}
