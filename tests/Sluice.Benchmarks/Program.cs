using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Npgsql;
using Sluice.Benchmarks;

// The load generator behind ./bench.sh (see README.md beside this file).
var options = Options.Parse(args, Console.Error);
if (options is null) return 2;
Directory.CreateDirectory(options.Out);

using var cts = new CancellationTokenSource();
void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    Console.Error.WriteLine($"[bench] {context.Signal}: stopping");
    cts.Cancel();
}
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
var ct = cts.Token;

try
{
    return await Bench.Run(options, ct);
}
catch (OperationCanceledException) when (ct.IsCancellationRequested)
{
    Console.Error.WriteLine("[bench] cancelled");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or TimeoutException or NpgsqlException or IOException or BenchFailureException or HttpRequestException)
{
    Console.Error.WriteLine($"[bench] ERROR: {e.Message}");
    return 2;
}

namespace Sluice.Benchmarks
{
    internal static class Bench
    {
        private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

        private static void Say(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[bench {Clock.Elapsed.TotalSeconds,5:0.0}s] {line}"));

        private static void Loud(IEnumerable<string> violations)
        {
            var list = violations.ToList();
            if (list.Count == 0) return;
            Console.WriteLine(new string('!', 100));
            foreach (var v in list) Console.WriteLine($"!!! VIOLATION: {v}");
            Console.WriteLine(new string('!', 100));
        }

        public static async Task<int> Run(Options options, CancellationToken ct)
        {
            var started = DateTimeOffset.UtcNow;
            var runId = started.ToString("MMddHHmmss", CultureInfo.InvariantCulture);
            var violations = new List<string>();
            var runs = new List<RunResult>();
            if (!File.Exists(options.App)) throw new InvalidOperationException($"--app {options.App} does not exist");

            // PostgreSQL: the baseline's table, and which cluster's processes to charge CPU to.
            await using var dataSource = NpgsqlDataSource.Create(options.Pg);
            int postmaster;
            string pgVersion, syncCommit;
            await using (var conn = await dataSource.OpenConnectionAsync(ct))
            {
                await using (var setup = new NpgsqlCommand(RawBackend.Setup, conn)) await setup.ExecuteNonQueryAsync(ct);
                await using var info = new NpgsqlCommand("SELECT pg_backend_pid(), current_setting('server_version'), current_setting('synchronous_commit')", conn);
                await using var reader = await info.ExecuteReaderAsync(ct);
                await reader.ReadAsync(ct);
                var backendPid = reader.GetInt32(0);
                pgVersion = reader.GetString(1);
                syncCommit = reader.GetString(2);
                postmaster = Proc.ParentOf(backendPid);
                if (postmaster <= 1 || Proc.CommandName(postmaster)?.StartsWith("postgres", StringComparison.Ordinal) != true) postmaster = 0;
            }
            var machine = new JsonObject
            {
                ["nproc"] = Environment.ProcessorCount,
                ["mem_total_gib"] = Math.Round(Proc.MemInfoGiB("MemTotal"), 1),
                ["mem_available_gib_at_start"] = Math.Round(Proc.MemInfoGiB("MemAvailable"), 1),
                ["cpu_model"] = Proc.CpuModel(),
                ["kernel"] = Proc.Kernel(),
                ["dotnet"] = RuntimeInformation.FrameworkDescription,
                ["postgres"] = $"PostgreSQL {pgVersion}, synchronous_commit={syncCommit}",
                ["postgres_cpu_scope"] = postmaster > 0 ? $"postmaster pid {postmaster} and its children" : "every process named postgres*",
                ["load_before"] = Proc.LoadAverage(),
            };
            Say($"{machine["nproc"]} cores ({machine["cpu_model"]}), {machine["mem_total_gib"]} GiB, load {machine["load_before"]}; {machine["postgres"]}");
            if (syncCommit != "on") Say($"WARNING: synchronous_commit is {syncCommit}, not on");

            // Cold start: Process.Start to the first 2xx of GET /v2/ping.
            var logPath = Path.Combine(options.Out, "service.log");
            await File.WriteAllTextAsync(logPath, "", ct);
            var coldStarts = new List<double>();
            for (var i = 1; i <= options.ColdStarts; i++)
            {
                await using var cold = ServiceProcess.Start(options, logPath);
                var answered = await cold.WaitForPing(TimeSpan.FromSeconds(60), ct);
                coldStarts.Add(Stats.Ms(answered - cold.StartedAt));
                Say($"cold start {i}/{options.ColdStarts}: {coldStarts[^1]:0.0} ms");
                await cold.DisposeAsync();
                await Task.Delay(200, ct);
            }

            // The service that the load scenarios run against.
            await using var service = ServiceProcess.Start(options, logPath);
            await service.WaitForPing(TimeSpan.FromSeconds(60), ct);
            Say($"service pid {service.Pid} on {service.BaseUri}");
            var probe = new Probe(service.Pid, postmaster);
            var sluice = new SystemRunner<string>(new SluiceBackend(service.BaseUri), probe, options, isService: true, ct);
            var raw = new SystemRunner<long>(new RawBackend(dataSource), probe, options, isService: false, ct);

            // Warm-ups for the rounds; noisy warms up each service it starts.
            foreach (var (name, warm) in options.Scenarios.Count == 0 ? [] : new (string, Func<Task<(List<string>, long)>>)[]
            {
                ("sluice", () => sluice.WarmUp($"bench-{runId}-warmup")),
                ("raw", () => raw.WarmUp($"bench-{runId}-warmup")),
            })
            {
                var (v, errors) = await warm();
                Say($"warm-up {name}: {errors} error(s)");
                Loud(v);
                violations.AddRange(v.Select(x => $"warm-up {name}: {x}"));
            }

            for (var round = 1; round <= options.Rounds; round++)
            {
                var project = $"bench-{runId}-r{round}";
                ISystemRunner[] order = round % 2 == 1 ? [sluice, raw] : [raw, sluice];
                foreach (var scenario in options.Scenarios)
                {
                    foreach (var system in order)
                    {
                        if (service.HasExited) throw new InvalidOperationException($"the service exited during the run; its last output:\n{service.Tail()}");
                        var r = await system.Run(scenario, round, project);
                        runs.Add(r);
                        Say(Line(r, options.Rounds));
                        foreach (var w in r.Warnings) Say($"  warning: {w}");
                        Loud(r.Violations);
                        violations.AddRange(r.Violations.Select(v => $"round {round} {r.System} {r.Scenario}: {v}"));
                    }
                }
            }

            PushResult? push = null;
            if (options.PushMessages > 0)
            {
                push = await Push.Run(service.BaseUri, $"bench-{runId}-push", options.PushMessages, ct);
                Say($"push: {push.Messages:N0} messages, {push.DeliveredPerSecond:N0} delivered/s, post-to-webhook p50 {push.P50Ms:0.0} p95 {push.P95Ms:0.0} p99 {push.P99Ms:0.0} ms, {push.Duplicates} repeated, {push.Missing} missing");
                if (push.Missing > 0) violations.Add($"push: {push.Missing} acknowledged messages never reached the subscriber");
            }

            var serviceInfo = new JsonObject
            {
                ["app"] = options.App,
                ["publish_mode"] = options.PublishMode ?? "?",
                ["revision"] = options.ServiceRevision ?? "?",
                ["pid"] = service.Pid,
                ["vmhwm_mib"] = Math.Round(Proc.StatusMiB(service.Pid, "VmHWM"), 1),
                ["log"] = logPath,
            };
            await service.DisposeAsync();

            // noisy restarts the service with a rate limit: it starts its own, after this one has stopped.
            var noisy = options.Noisy ? await Noisy.Run(options, logPath, runId, Say, ct) : null;
            // auth starts a service per auth mode, after the others have stopped.
            var auth = options.Auth ? await Auth.Run(options, logPath, runId, postmaster, Say, ct) : null;
            // growth starts one more, last: the backlogs it loads stay in the database.
            var growth = options.Growth ? await Growth.Run(options, logPath, runId, postmaster, dataSource, Say, ct) : null;
            if (growth is not null)
            {
                runs.AddRange(growth.Runs);
                violations.AddRange(growth.Violations);
            }
            machine["load_after"] = Proc.LoadAverage();
            machine["mem_available_gib_at_end"] = Math.Round(Proc.MemInfoGiB("MemAvailable"), 1);

            var report = new Report
            {
                Options = options,
                Machine = machine,
                Service = serviceInfo,
                ColdStartsMs = coldStarts,
                Push = push,
                Noisy = noisy,
                Auth = auth,
                Growth = growth,
                Runs = runs,
                Violations = violations,
                Started = started,
            };
            report.Finished = DateTimeOffset.UtcNow;
            var markdown = report.Markdown();
            await File.WriteAllTextAsync(Path.Combine(options.Out, "results.md"), markdown, ct);
            await File.WriteAllTextAsync(Path.Combine(options.Out, "results.json"), report.Json(), ct);
            Console.WriteLine();
            Console.WriteLine(markdown);
            Say($"wrote {Path.Combine(options.Out, "results.json")} and results.md ({(report.Finished - started).TotalSeconds:0} s)");
            Loud(violations);
            return violations.Count == 0 ? 0 : 1;
        }

        private static string Line(RunResult r, int rounds)
        {
            double F(string key) => r.Figures.GetValueOrDefault(key, double.NaN);
            var extra = r.Scenario switch
            {
                "mixed" => $" e2e p50 {F("e2e_p50_ms"):0.00} p99 {F("e2e_p99_ms"):0.0} ms, drained {F("drained"):N0} in {F("drain_s"):0.0} s,",
                "latency" => $" cycle p50 {F("cycle_p50_ms"):0.00} p99 {F("cycle_p99_ms"):0.00} ms,",
                "consume" => $" {F("messages"):N0} msgs in {F("seconds"):0.0} s,",
                "backlog" => $" {F("loaded"):N0} loaded in {F("load_s"):0.0} s, {F("messages"):N0} drained in {F("seconds"):0.0} s,",
                _ => "",
            };
            var rss = r.Figures.ContainsKey("peak_rss_mib") ? $" rss {F("peak_rss_mib"):0} MiB" : "";
            if (r.Incomplete) extra += " DRAIN CUT AT --drain-timeout,";
            return string.Create(CultureInfo.InvariantCulture,
                $"r{r.Round}/{rounds} {r.Scenario,-8} {r.System,-6} {F("msgs_per_s"),9:N0} msgs/s {F("req_per_s"),8:N0} req/s  p50 {F("p50_ms"),6:0.00} p95 {F("p95_ms"),6:0.00} p99 {F("p99_ms"),6:0.00} ms,{extra} errors {r.ErrorCount}; cpu s svc {F("cpu_service_s"):0.0} pg {F("cpu_postgres_s"):0.0} gen {F("cpu_loadgen_s"):0.0}{rss}; load {r.LoadAfter}");
        }
    }
}
