using System.Diagnostics;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>growth</c>, first figure: claim throughput against a small and a huge backlog (--growth-small, --growth-large),
/// each in a queue of its own, loaded through the API and topped up to its depth before every round; both are loaded
/// before either is measured, so both drain beside the same tables, and the order alternates by round. Each drains as
/// <c>backlog</c> does, for --growth-seconds: 8 connections claim 10 and delete those ids; a worker stops early at an
/// empty claim. The queues outlive the rounds, so an id claimed in one round and handed out again in a later one is
/// caught too.
/// </summary>
internal sealed class GrowthClaims(Scenarios<string> scenarios, Probe probe, Options options, string project, Action<string> say)
{
    public const string Small = "growth-claim-small";
    public const string Large = "growth-claim-large";

    /// <summary>One backlog queue across rounds: what it holds unclaimed, what earlier rounds claimed, what it should hold.</summary>
    private sealed class Backlog(string scenario, string queue, int depth)
    {
        public string Scenario { get; } = scenario;

        public string Queue { get; } = queue;

        public int Depth { get; } = depth;

        public List<string> Waiting { get; set; } = [];

        public HashSet<string> Claimed { get; } = new(StringComparer.Ordinal);

        public long Held { get; set; }

        public long Errors { get; set; }
    }

    public async Task<List<RunResult>> Run()
    {
        Backlog[] queues = [new(Small, "claim-small", options.GrowthSmall), new(Large, "claim-large", options.GrowthLarge)];
        var runs = new List<RunResult>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            var results = queues.Select(q => new RunResult(q.Scenario, "sluice", round)).ToArray();
            for (var i = 0; i < queues.Length; i++) await TopUp(queues[i], results[i]);
            foreach (var i in round % 2 == 1 ? [0, 1] : (int[])[1, 0])
            {
                await probe.Watch(results[i], sampleServiceRss: false, () => Drain(queues[i], results[i]));
                say(Growth.Line(results[i], options.Rounds));
                Growth.Loud(say, results[i]);
            }
            runs.AddRange(results);
        }
        return runs;
    }

    /// <summary>Untimed: posts what the queue lacks of its depth, by <see cref="Growth.LoadProducers"/> connections.</summary>
    private async Task TopUp(Backlog b, RunResult r)
    {
        var missing = b.Depth - b.Waiting.Count;
        r.Figures["loaded"] = 0;
        r.Figures["load_s"] = 0;
        if (missing < Scenarios<string>.Batch) return;
        say($"growth: loading {missing:N0} messages into queue {b.Queue} ({Growth.LoadProducers} connections posting batches of {Scenarios<string>.Batch})");
        var clock = Stopwatch.StartNew();
        var acked = await scenarios.Load(r, project, b.Queue, missing, Growth.LoadProducers,
            n => say($"growth: {b.Queue}: {n:N0} of {missing:N0} loaded in {clock.Elapsed.TotalSeconds:0} s ({n / clock.Elapsed.TotalSeconds:N0} msgs/s)"));
        b.Waiting.AddRange(acked);
        b.Held += acked.Count;
        say($"growth: {b.Queue}: {acked.Count:N0} loaded in {r.Figures["load_s"]:0.0} s ({acked.Count / r.Figures["load_s"]:N0} msgs/s), {r.ErrorCount} error(s); it holds {b.Waiting.Count:N0} unclaimed");
    }

    private async Task Drain(Backlog b, RunResult r)
    {
        r.Figures["depth"] = b.Waiting.Count;
        var (claimed, deleted) = await scenarios.DrainBacklog(r, project, b.Queue, b.Waiting, b.Held, options.GrowthSeconds);
        var again = claimed.Count(b.Claimed.Contains);
        if (again > 0 && b.Errors == 0)
        {
            r.Violations.Add($"DOUBLE DELIVERY: {again} id(s) claimed in an earlier round handed out again");
        }
        else if (again > 0)
        {
            r.Warnings.Add($"{again} id(s) claimed in an earlier round handed out again: after {b.Errors} failed request(s) there, a delete that failed leaves its message to come back once its claim expires");
        }
        b.Errors += r.ErrorCount;
        var taken = claimed.ToHashSet(StringComparer.Ordinal);
        b.Waiting = b.Waiting.Where(id => !taken.Contains(id)).ToList();
        b.Claimed.UnionWith(claimed);
        b.Held -= deleted;
    }
}
