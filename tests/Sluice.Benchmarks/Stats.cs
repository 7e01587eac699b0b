using System.Diagnostics;
using System.Net.Sockets;
using Npgsql;

namespace Sluice.Benchmarks;

internal static class Stats
{
    public static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    public static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    public static long Now() => Stopwatch.GetTimestamp();

    /// <summary>Nearest-rank percentiles in milliseconds (NaN when there is no sample).</summary>
    public static (double P50, double P95, double P99, double Max) Percentiles(List<long> ticks)
    {
        if (ticks.Count == 0) return (double.NaN, double.NaN, double.NaN, double.NaN);
        var sorted = ticks.ToArray();
        Array.Sort(sorted);
        double At(double q) => Ms(sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)]);
        return (At(0.50), At(0.95), At(0.99), Ms(sorted[^1]));
    }

    public static void AddPercentiles(RunResult r, string prefix, List<long> ticks)
    {
        var (p50, p95, p99, max) = Percentiles(ticks);
        r.Figures[prefix + "p50_ms"] = p50;
        r.Figures[prefix + "p95_ms"] = p95;
        r.Figures[prefix + "p99_ms"] = p99;
        r.Figures[prefix + "max_ms"] = max;
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).OrderBy(x => x).ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[(v.Length / 2) - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>Starts <paramref name="work"/> and calls <paramref name="tick"/> every <paramref name="period"/> until it ends.</summary>
    public static async Task Every(Func<Task> work, TimeSpan period, Func<Task> tick, CancellationToken ct)
    {
        var running = work();
        while (!running.IsCompleted)
        {
            await Task.WhenAny(running, Task.Delay(period, ct));
            ct.ThrowIfCancellationRequested();
            if (!running.IsCompleted) await tick();
        }
        await running;
    }

    /// <summary>How an error is counted: "HTTP 503", "pg 40001", "exception HttpRequestException (ConnectionRefused)"…</summary>
    public static string ErrorKey(Exception e) => e switch
    {
        BenchFailureException b => b.Key,
        PostgresException p => $"pg {p.SqlState}",
        HttpRequestException { InnerException: SocketException s } => $"exception HttpRequestException ({s.SocketErrorCode})",
        HttpRequestException h when h.HttpRequestError != HttpRequestError.Unknown => $"exception HttpRequestException ({h.HttpRequestError})",
        TaskCanceledException => "exception timeout",
        _ => $"exception {e.GetType().Name}",
    };
}

/// <summary>What one worker saw: its latencies, errors, and the ids it got acknowledged or claimed.</summary>
internal sealed class WorkerLog<TId>
{
    public const int GiveUpAfter = 200;

    public List<long> Latency { get; } = new(8192);

    public Dictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    public List<TId> Acked { get; } = [];

    public List<TId> Claimed { get; } = [];

    public List<long> EndToEnd { get; } = [];

    /// <summary>Successful requests (in the measured window).</summary>
    public long Requests { get; set; }

    /// <summary>Messages acknowledged (producers) or claimed and deleted (consumers) in the measured window.</summary>
    public long Messages { get; set; }

    /// <summary>Messages claimed and deleted after the window (mixed: the drain).</summary>
    public long Drained { get; set; }

    private int _consecutive;

    public bool GaveUp => _consecutive >= GiveUpAfter;

    public void Ok() => _consecutive = 0;

    /// <summary>Counts a failed request; the caller backs off a little.</summary>
    public void Error(Exception e, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var key = Stats.ErrorKey(e);
        Errors[key] = Errors.GetValueOrDefault(key) + 1;
        if (++_consecutive == GiveUpAfter) Errors["gave up (too many consecutive errors)"] = Errors.GetValueOrDefault("gave up (too many consecutive errors)") + 1;
    }
}

/// <summary>One scenario run on one system in one round; Figures are what the report takes medians of.</summary>
internal sealed class RunResult(string scenario, string system, int round)
{
    public string Scenario { get; } = scenario;

    public string System { get; } = system;

    public int Round { get; } = round;

    public SortedDictionary<string, double> Figures { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, long> Errors { get; } = new(StringComparer.Ordinal);

    public List<string> Violations { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <summary>The drain did not finish: loss could not be judged.</summary>
    public bool Incomplete { get; set; }

    public string LoadBefore { get; set; } = "";

    public string LoadAfter { get; set; } = "";

    public long ErrorCount => Errors.Values.Sum();

    public void Merge<TId>(IEnumerable<WorkerLog<TId>> logs)
    {
        foreach (var log in logs)
        {
            foreach (var (key, n) in log.Errors) Errors[key] = Errors.GetValueOrDefault(key) + n;
        }
        Figures["errors"] = ErrorCount;
    }
}
