using System.Diagnostics;
using System.Globalization;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>noisy</c>, Sluice only: a quiet tenant runs <see cref="CyclesPerSecond"/> post+claim+delete cycles a second on
/// one connection, first alone, then beside a flooding tenant (<see cref="FloodProducers"/> connections posting
/// batches of 10 and <see cref="FloodConsumers"/> claiming 10 and deleting them, all as fast as they are answered),
/// with no rate limit and then on a service restarted with <c>Sluice__RateLimits__PermitsPerSecond</c>: by default a
/// fifth of what the flood managed without a limit, and at least twice the quiet tenant's rate. The flood does not
/// honour Retry-After: a refused request is sent again after 10 ms, like any failed request in this benchmark.
/// </summary>
internal static class Noisy
{
    public const string Name = "noisy";
    public const int CyclesPerSecond = 20;
    public const int FloodProducers = 4;
    public const int FloodConsumers = 4;

    /// <summary>The quiet tenant's requests a second: a post, a claim and a delete per cycle.</summary>
    public const int QuietRequestsPerSecond = 3 * CyclesPerSecond;
    private const int WarmUpSeconds = 2;
    private const int BackOffMs = 10;

    public static async Task<NoisyResult> Run(Options options, string logPath, string runId, Action<string> say, CancellationToken ct)
    {
        var quiet = $"bench-{runId}-quiet";
        var flood = $"bench-{runId}-flood";
        NoisyPhase alone, open, aloneLimited, limited;
        await using (var service = ServiceProcess.Start(options, logPath))
        {
            await service.WaitForPing(TimeSpan.FromSeconds(60), ct);
            await Phase("warm-up", service.BaseUri, quiet, flood, "warmup-open", WarmUpSeconds, ct);
            alone = await Phase("alone", service.BaseUri, quiet, null, "alone", options.NoisySeconds, ct);
            say(Line(alone));
            open = await Phase("flood, limit off", service.BaseUri, quiet, flood, "open", options.NoisySeconds, ct);
            say(Line(open));
        }
        var limit = options.NoisyLimit > 0 ? options.NoisyLimit : Math.Max(2 * QuietRequestsPerSecond, (int)Math.Round(open.FloodServedPerSecond / 50) * 10);
        if (limit >= open.FloodServedPerSecond / 2)
        {
            say($"warning: the limit of {limit} req/s is not well below the flood's {open.FloodServedPerSecond:N0} req/s without a limit");
        }
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Sluice__RateLimits__PermitsPerSecond"] = limit.ToString(CultureInfo.InvariantCulture),
        };
        await using (var service = ServiceProcess.Start(options, logPath, settings))
        {
            await service.WaitForPing(TimeSpan.FromSeconds(60), ct);
            await Phase("warm-up", service.BaseUri, quiet, flood, "warmup-limited", WarmUpSeconds, ct);
            // The same history as the unlimited service's before its flood, and a check that the limit costs the quiet tenant nothing.
            aloneLimited = await Phase("alone, limit on", service.BaseUri, quiet, null, "alone-limited", options.NoisySeconds, ct);
            say(Line(aloneLimited));
            limited = await Phase($"flood, limit on ({limit} req/s per project)", service.BaseUri, quiet, flood, "limited", options.NoisySeconds, ct);
            say(Line(limited));
        }
        return new NoisyResult(options.NoisySeconds, limit, alone, open, aloneLimited, limited);
    }

    private static string Line(NoisyPhase p) => string.Create(CultureInfo.InvariantCulture,
        $"noisy {p.Name}: quiet tenant {p.Cycles} cycles, p50 {p.CycleP50Ms:0.00} p99 {p.CycleP99Ms:0.00} ms, {p.QuietErrors} errors; flood {p.FloodServedPerSecond:N0} req/s served, {p.FloodRefused:N0} refused (429), {p.FloodErrors} other errors");

    /// <summary>The quiet tenant for <paramref name="seconds"/>, beside the flood when <paramref name="floodProject"/> is set.</summary>
    private static async Task<NoisyPhase> Phase(string name, Uri baseUri, string quietProject, string? floodProject, string queue, int seconds, CancellationToken ct)
    {
        await CreateQueue(baseUri, quietProject, queue, ct);
        if (floodProject is not null) await CreateQueue(baseUri, floodProject, queue, ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var counts = new FloodCounts();
        var floodStart = Stats.Now();
        var flooding = floodProject is null ? [] : Enumerable.Range(0, FloodProducers + FloodConsumers)
            .Select(i => Task.Run(() => Flood(baseUri, floodProject, queue, producer: i < FloodProducers, counts, stop.Token), CancellationToken.None)).ToArray();
        // The flood at full speed before the quiet tenant starts.
        if (floodProject is not null) await Task.Delay(500, ct);
        List<long> post = [], claim = [], delete = [], cycle = [];
        long errors = 0;
        await using (var client = new SluiceClient(baseUri, quietProject))
        {
            var period = Stopwatch.Frequency / CyclesPerSecond;
            var end = Stats.Now() + (seconds * Stopwatch.Frequency);
            for (var next = Stats.Now(); next < end; next += period)
            {
                var wait = next - Stats.Now();
                if (wait > 0) await Task.Delay(TimeSpan.FromSeconds(Stats.Seconds(wait)), ct);
                else if (-wait > period) next = Stats.Now(); // behind: no burst to catch up
                try
                {
                    var c0 = Stats.Now();
                    await client.Post(queue, 1, c0, ct);
                    var c1 = Stats.Now();
                    var claimed = await client.Claim(queue, 1, ct);
                    var c2 = Stats.Now();
                    if (claimed.Count == 0) throw new BenchFailureException("claim right after a post found nothing");
                    await client.DeleteOne(queue, claimed[0], ct);
                    var c3 = Stats.Now();
                    post.Add(c1 - c0);
                    claim.Add(c2 - c1);
                    delete.Add(c3 - c2);
                    cycle.Add(c3 - c0);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    errors++;
                }
            }
        }
        await stop.CancelAsync();
        await Task.WhenAll(flooding);
        var floodSeconds = Stats.Seconds(Stats.Now() - floodStart);
        var (p50, _, p99, _) = Stats.Percentiles(cycle);
        return new NoisyPhase(name, cycle.Count, p50, p99, Stats.Percentiles(post).P99, Stats.Percentiles(claim).P99, Stats.Percentiles(delete).P99, errors,
            floodProject is null ? 0 : counts.Served / floodSeconds, counts.Refused, counts.Errors);
    }

    private sealed class FloodCounts
    {
        private long _served;
        private long _refused;
        private long _errors;

        public long Served => Interlocked.Read(ref _served);

        public long Refused => Interlocked.Read(ref _refused);

        public long Errors => Interlocked.Read(ref _errors);

        public void Ok() => Interlocked.Increment(ref _served);

        /// <summary>Counts a failure: a 429, or anything else.</summary>
        public void Failed(Exception e)
        {
            if (e is BenchFailureException { Key: "HTTP 429" }) Interlocked.Increment(ref _refused);
            else Interlocked.Increment(ref _errors);
        }
    }

    /// <summary>One flooding connection until <paramref name="stop"/>: posts batches of 10, or claims 10 and deletes them.</summary>
    private static async Task Flood(Uri baseUri, string project, string queue, bool producer, FloodCounts counts, CancellationToken stop)
    {
        await using var client = new SluiceClient(baseUri, project);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (producer)
                {
                    await client.Post(queue, Scenarios<string>.Batch, Stats.Now(), stop);
                    counts.Ok();
                    continue;
                }
                var messages = await client.Claim(queue, Scenarios<string>.Batch, stop);
                counts.Ok();
                if (messages.Count == 0)
                {
                    await Task.Delay(1, stop);
                    continue;
                }
                await client.DeleteMany(queue, [.. messages.Select(m => m.Id)], stop);
                counts.Ok();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                counts.Failed(e);
                try
                {
                    await Task.Delay(BackOffMs, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>PUT the queue, again while the answer is a 503 (start-up) or a 429 (the flood used the project's permits).</summary>
    private static async Task CreateQueue(Uri baseUri, string project, string queue, CancellationToken ct)
    {
        await using var client = new SluiceClient(baseUri, project);
        for (var attempt = 0; ; attempt++)
        {
            var status = await client.Put($"/v2/queues/{queue}", ct);
            if (status is 201 or 204) return;
            if (status is not (429 or 503) || attempt > 600) throw new BenchFailureException($"PUT /v2/queues/{queue} answered HTTP {status}");
            await Task.Delay(100, ct);
        }
    }
}
