namespace Sluice.Benchmarks;

/// <summary>Takes CPU, memory and load readings around a scenario run.</summary>
internal sealed class Probe(int servicePid, int postmaster)
{
    public async Task Watch(RunResult r, bool sampleServiceRss, Func<Task> body)
    {
        r.LoadBefore = Proc.LoadAverage();
        var before = CpuSnapshot.Take(servicePid, postmaster);
        try
        {
            if (sampleServiceRss)
            {
                r.Figures["peak_rss_mib"] = await RssSampler.During(servicePid, body);
                r.Figures["vmhwm_mib"] = Proc.StatusMiB(servicePid, "VmHWM");
            }
            else
            {
                await body();
            }
        }
        finally
        {
            var cpu = CpuSnapshot.Take(servicePid, postmaster).Minus(before);
            r.Figures["cpu_service_s"] = cpu.Service;
            r.Figures["cpu_postgres_s"] = cpu.Postgres;
            r.Figures["cpu_loadgen_s"] = cpu.LoadGenerator;
            r.LoadAfter = Proc.LoadAverage();
        }
    }
}

/// <summary>The scenarios of one system (the service or the raw baseline), in the order a round runs them.</summary>
internal interface ISystemRunner
{
    string Name { get; }

    Task<RunResult> Run(string scenario, int round, string project);
}

internal sealed class SystemRunner<TId>(IBackend<TId> backend, Probe probe, Options options, bool isService, CancellationToken ct) : ISystemRunner
    where TId : notnull
{
    private readonly Scenarios<TId> _scenarios = new(backend, options.DrainTimeoutSeconds, ct);
    private List<TId> _produced = [];

    public string Name => backend.Name;

    /// <summary>A new queue per scenario (consume drains the one produce filled). The raw table has no projects: the name carries it.</summary>
    private string Queue(string project, string scenario) => isService ? scenario : $"{project}/{scenario}";

    public async Task<RunResult> Run(string scenario, int round, string project)
    {
        var r = new RunResult(scenario, Name, round);
        await probe.Watch(r, isService, async () =>
        {
            switch (scenario)
            {
                case "produce":
                    (_, _produced) = await _scenarios.Produce(r, project, Queue(project, "produce"), options.Seconds);
                    break;
                case "consume":
                    await _scenarios.Consume(r, project, Queue(project, "produce"), _produced);
                    _produced = [];
                    break;
                case "backlog":
                    await _scenarios.Backlog(r, project, Queue(project, "backlog"), options.BacklogDepth, options.BacklogSeconds);
                    break;
                case "mixed":
                    await _scenarios.Mixed(r, project, Queue(project, "mixed"), options.Seconds);
                    break;
                case "latency":
                    await _scenarios.Latency(r, project, Queue(project, "latency"), options.Seconds);
                    break;
                default:
                    throw new ArgumentException($"unknown scenario {scenario}", nameof(scenario));
            }
        });
        return r;
    }

    /// <summary>A short produce and drain that is not reported: JIT, connection pools and plans are warm before round 1.</summary>
    public async Task<(List<string> Violations, long Errors)> WarmUp(string project)
    {
        var r = new RunResult("warm-up", Name, 0);
        var queue = Queue(project, "warmup");
        var (_, acked) = await _scenarios.Produce(r, project, queue, 2, maxMessages: 4000);
        await _scenarios.Consume(r, project, queue, acked);
        var m = new RunResult("warm-up", Name, 0);
        await _scenarios.Latency(m, project, Queue(project, "warmup-latency"), 1);
        return ([.. r.Violations, .. m.Violations], r.ErrorCount + m.ErrorCount);
    }
}
