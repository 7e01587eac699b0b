using System.Globalization;
using Npgsql;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>growth</c>, Sluice only, once, on a service of its own started after the others: how cost grows with work.
/// Claims against a small and a huge backlog (<see cref="GrowthClaims"/>), posts into one queue and spread over ten
/// thousand (<see cref="GrowthPosts"/>), and the database's growth per message under a steady load
/// (<see cref="GrowthSize"/>). The size is measured first, so that its before-size holds none of the other two's
/// leftovers: a drained backlog leaves dead rows that autovacuum would hand to the steady run's writes.
/// </summary>
internal static class Growth
{
    public const string Name = "growth";

    /// <summary>Connections that load a backlog (untimed): more than the 8 measured, so a million messages go in sooner.</summary>
    public const int LoadProducers = 16;
    public const int SteadyProducers = 4;
    public const int SteadyConsumers = 4;

    public static async Task<GrowthResult> Run(Options options, string logPath, string runId, int postmaster, NpgsqlDataSource db, Action<string> say, CancellationToken ct)
    {
        await using var service = ServiceProcess.Start(options, logPath);
        await service.WaitForPing(TimeSpan.FromSeconds(60), ct);
        say($"growth: service pid {service.Pid} on {service.BaseUri}");
        var probe = new Probe(service.Pid, postmaster);
        var backend = new SluiceBackend(service.BaseUri);
        var project = $"bench-{runId}-growth";
        var violations = new List<string>();
        var (warmUp, errors) = await new SystemRunner<string>(backend, probe, options, isService: true, ct).WarmUp(project);
        say($"growth: warm-up, {errors} error(s)");
        violations.AddRange(warmUp.Select(v => $"growth warm-up: {v}"));

        // The steady run's producers outpace its consumers (about 2:1 on the 2-core machine), and the consumers then
        // drain what piled up: after 300 s that took 250 s. A drain cut short would purge the queue and leave loss unjudged.
        var steady = new Scenarios<string>(backend, Math.Max(options.DrainTimeoutSeconds, 2 * options.GrowthSteadySeconds), ct);
        var (size, sizeRun) = await GrowthSize.Measure(steady, probe, db, options, project, say, ct);
        say(Line(sizeRun, 1));
        say(string.Create(CultureInfo.InvariantCulture,
            $"growth: database {size.Before / DatabaseSize.Mb:N1} MB before, {size.After / DatabaseSize.Mb:N1} MB after {size.Produced:N0} messages: {size.MbPerMillion:N1} MB per million"));
        Loud(say, sizeRun);

        var scenarios = new Scenarios<string>(backend, options.DrainTimeoutSeconds, ct);
        var claims = await new GrowthClaims(scenarios, probe, options, project, say).Run();
        var posts = await new GrowthPosts(scenarios, probe, options, service.BaseUri, runId, say).Run(ct);
        if (service.HasExited) throw new InvalidOperationException($"the service exited during growth; its last output:\n{service.Tail()}");

        List<RunResult> runs = [.. claims, .. posts, sizeRun];
        violations.AddRange(runs.SelectMany(r => r.Violations.Select(v => $"{r.Scenario} r{r.Round}: {v}")));
        return new GrowthResult(options, runs, size, violations);
    }

    public static string Line(RunResult r, int rounds)
    {
        double F(string key) => r.Figures.GetValueOrDefault(key, double.NaN);
        var what = r.Scenario == GrowthSize.Scenario
            ? $"{F("produced_per_s"):N0} produced/s, {F("msgs_per_s"):N0} consumed/s, drained {F("drained"):N0} in {F("drain_s"):0.0} s,"
            : $"{F("msgs_per_s"):N0} msgs/s ({F("messages"):N0} in {F("seconds"):0.0} s),";
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Scenario} r{r.Round}/{rounds} {what} p50 {F("p50_ms"):0.00} p99 {F("p99_ms"):0.00} ms, errors {r.ErrorCount}; cpu s svc {F("cpu_service_s"):0.0} pg {F("cpu_postgres_s"):0.0} gen {F("cpu_loadgen_s"):0.0}; load {r.LoadAfter}");
    }

    /// <summary>A run's violations and warnings, printed as they are found.</summary>
    public static void Loud(Action<string> say, RunResult r)
    {
        foreach (var w in r.Warnings) say($"  warning: {w}");
        if (r.Violations.Count == 0) return;
        say(new string('!', 100));
        foreach (var v in r.Violations) say($"!!! VIOLATION: {r.Scenario} r{r.Round}: {v}");
        say(new string('!', 100));
    }
}
