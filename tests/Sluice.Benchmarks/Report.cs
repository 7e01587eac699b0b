using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Benchmarks;

/// <summary>A target printed next to the figures.</summary>
internal sealed record Target(string Name, double Value, string Goal, bool Pass)
{
    public string Verdict => double.IsNaN(Value) ? "n/a" : Pass ? "PASS" : "MISS";
}

/// <summary>Medians across rounds, ratios, targets; results.json and results.md.</summary>
internal sealed class Report
{
    public static readonly string[] ScenarioNames = ["produce", "consume", "backlog", "mixed", "latency"];

    /// <summary>A round below this share of the best round of its scenario and system is flagged.</summary>
    public const double LowRound = 0.5;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public required Options Options { get; init; }

    public required JsonObject Machine { get; init; }

    public required JsonObject Service { get; init; }

    public required List<double> ColdStartsMs { get; init; }

    public required List<RunResult> Runs { get; init; }

    public required List<string> Violations { get; init; }

    /// <summary>The push-subscription measurement (Sluice only), when it ran.</summary>
    public PushResult? Push { get; init; }

    /// <summary>The noisy-neighbour measurement (Sluice only), when it ran.</summary>
    public NoisyResult? Noisy { get; init; }

    /// <summary>The cost of each auth mode on the produce path (Sluice only), when it ran.</summary>
    public AuthResult? Auth { get; init; }

    /// <summary>How cost grows with work (Sluice only), when it ran.</summary>
    public GrowthResult? Growth { get; init; }

    public required DateTimeOffset Started { get; init; }

    public DateTimeOffset Finished { get; set; }

    public double Figure(string scenario, string system, string key) =>
        Stats.Median(Runs.Where(r => r.Scenario == scenario && r.System == system && r.Figures.ContainsKey(key)).Select(r => r.Figures[key]));

    private double Max(string scenario, string system, string key) =>
        Runs.Where(r => r.Scenario == scenario && r.System == system && r.Figures.ContainsKey(key)).Select(r => r.Figures[key]).DefaultIfEmpty(double.NaN).Max();

    /// <summary>msgs/s of every round, in round order (NaN where the round has no figure).</summary>
    public double[] PerRound(string scenario, string system) =>
        [.. Enumerable.Range(1, Options.Rounds).Select(round =>
            Runs.FirstOrDefault(r => r.Scenario == scenario && r.System == system && r.Round == round)?.Figures.GetValueOrDefault("msgs_per_s", double.NaN) ?? double.NaN)];

    /// <summary>The worst round over the best one, of msgs/s.</summary>
    public double WorstOverBest(string scenario, string system)
    {
        var v = PerRound(scenario, system).Where(x => !double.IsNaN(x)).ToArray();
        return v.Length == 0 || v.Max() <= 0 ? double.NaN : v.Min() / v.Max();
    }

    /// <summary>Sluice over raw msgs/s, round by round.</summary>
    public double[] RatioPerRound(string scenario) =>
        [.. PerRound(scenario, "sluice").Zip(PerRound(scenario, "raw"), (s, r) => s / r)];

    private long ErrorsAllRounds(string scenario, string system) => Runs.Where(r => r.Scenario == scenario && r.System == system).Sum(r => r.ErrorCount);

    public double Ratio(string scenario) => Figure(scenario, "sluice", "msgs_per_s") / Figure(scenario, "raw", "msgs_per_s");

    public double ColdStartMedian => Stats.Median(ColdStartsMs);

    public double PeakRssMixed => Max("mixed", "sluice", "peak_rss_mib");

    public List<Target> Targets()
    {
        var t = new List<Target>();
        void MsgsAndRatio(string scenario, double atLeast, double ratio)
        {
            var v = Figure(scenario, "sluice", "msgs_per_s");
            t.Add(new Target($"{scenario} msgs/s", v, $">= {atLeast:N0}", v >= atLeast));
            var q = Ratio(scenario);
            t.Add(new Target($"{scenario} sluice/raw", q, $">= {ratio:0.0}x", q >= ratio));
        }
        if (Ran("produce")) MsgsAndRatio("produce", 30_000, 0.5);
        if (Ran("consume")) MsgsAndRatio("consume", 9_000, 0.7);
        if (Ran("backlog"))
        {
            MsgsAndRatio("backlog", 9_000, 0.6);
            var steady = WorstOverBest("backlog", "sluice");
            t.Add(new Target("backlog worst/best round", steady, $">= {LowRound:0.0}", steady >= LowRound));
            var worstRatio = RatioPerRound("backlog").Where(x => !double.IsNaN(x)).DefaultIfEmpty(double.NaN).Min();
            t.Add(new Target("backlog sluice/raw worst round", worstRatio, ">= 0.6x", worstRatio >= 0.6));
        }
        if (Ran("mixed"))
        {
            MsgsAndRatio("mixed", 8_000, 0.7);
            t.Add(new Target("peak RSS during mixed MiB (max of rounds)", PeakRssMixed, "<= 250", PeakRssMixed <= 250));
        }
        if (Ran("latency"))
        {
            var p50 = Figure("latency", "sluice", "cycle_p50_ms");
            var p99 = Figure("latency", "sluice", "cycle_p99_ms");
            t.Add(new Target("latency cycle p50 ms", p50, "<= 1.2", p50 <= 1.2));
            t.Add(new Target("latency cycle p99 ms", p99, "<= 3", p99 <= 3));
        }
        if (Noisy is { } noisy) t.Add(noisy.Target());
        if (Auth is { } auth) t.Add(auth.Target());
        if (Growth is { } growth) t.AddRange(growth.Targets());
        t.Add(new Target("cold start median ms", ColdStartMedian, "<= 300", ColdStartMedian <= 300));
        return t;
    }

    private bool Ran(string scenario) => Options.Scenarios.Contains(scenario);

    private static string N(double v, string format = "N0") => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

    private static string Ms(double v) => double.IsNaN(v) ? "–" : v < 10 ? v.ToString("0.00", CultureInfo.InvariantCulture) : v.ToString("0.0", CultureInfo.InvariantCulture);

    public string Markdown()
    {
        var targets = Targets().ToDictionary(t => t.Name, StringComparer.Ordinal);
        string Tgt(string name) => targets.TryGetValue(name, out var t) ? $"{t.Goal}: {t.Verdict}" : "";
        var sb = new StringBuilder();
        var rev = Service["revision"]?.GetValue<string>() ?? "?";
        var mode = Service["publish_mode"]?.GetValue<string>() ?? "?";
        sb.AppendLine(CultureInfo.InvariantCulture, $"## Sluice benchmark, {Started:yyyy-MM-dd HH:mm} UTC");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Service {rev} ({mode}); {Options.Rounds} round(s) x {Options.Seconds} s{(Ran("backlog") ? $" (backlog: {Options.BacklogDepth:N0} messages loaded, drained for {Options.BacklogSeconds} s)" : "")}; every figure is the median across rounds (errors: sum of all rounds).");
        sb.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine["nproc"]} cores ({Machine["cpu_model"]}), {Machine["mem_total_gib"]} GiB; load average {Machine["load_before"]} before, {Machine["load_after"]} after; {Machine["postgres"]}.");
        sb.AppendLine();
        if (Options.Scenarios.Count > 0)
        {
            MediansTable(sb, Tgt);
            sb.AppendLine();
            RoundsTable(sb, Tgt);
            sb.AppendLine();
        }
        sb.AppendLine("| more | sluice | raw | target |");
        sb.AppendLine("|---|--:|--:|---|");
        string Triple(string scenario, string system, string prefix) =>
            $"{Ms(Figure(scenario, system, prefix + "p50_ms"))} / {Ms(Figure(scenario, system, prefix + "p95_ms"))} / {Ms(Figure(scenario, system, prefix + "p99_ms"))}";
        if (Ran("mixed")) sb.AppendLine(CultureInfo.InvariantCulture, $"| mixed end-to-end post→claim p50/p95/p99 ms | {Triple("mixed", "sluice", "e2e_")} | {Triple("mixed", "raw", "e2e_")} | |");
        if (Ran("mixed")) sb.AppendLine(CultureInfo.InvariantCulture, $"| mixed produced msgs/s (consumed is msgs/s above) | {N(Figure("mixed", "sluice", "produced_per_s"))} | {N(Figure("mixed", "raw", "produced_per_s"))} | |");
        if (Ran("mixed")) sb.AppendLine(CultureInfo.InvariantCulture, $"| mixed drain after the window: msgs, s | {N(Figure("mixed", "sluice", "drained"))}, {N(Figure("mixed", "sluice", "drain_s"), "0.0")} | {N(Figure("mixed", "raw", "drained"))}, {N(Figure("mixed", "raw", "drain_s"), "0.0")} | |");
        if (Ran("backlog")) sb.AppendLine(CultureInfo.InvariantCulture, $"| backlog: loaded, load s; drained in {Options.BacklogSeconds} s (medians) | {N(Figure("backlog", "sluice", "loaded"))}, {N(Figure("backlog", "sluice", "load_s"), "0.0")}; {N(Figure("backlog", "sluice", "messages"))} | {N(Figure("backlog", "raw", "loaded"))}, {N(Figure("backlog", "raw", "load_s"), "0.0")}; {N(Figure("backlog", "raw", "messages"))} | |");
        if (Ran("consume")) sb.AppendLine(CultureInfo.InvariantCulture, $"| consume: messages drained, s | {N(Figure("consume", "sluice", "messages"))}, {N(Figure("consume", "sluice", "seconds"), "0.0")} | {N(Figure("consume", "raw", "messages"))}, {N(Figure("consume", "raw", "seconds"), "0.0")} | |");
        foreach (var op in Ran("latency") ? (string[])["post", "claim", "delete", "cycle"] : [])
        {
            var target = op == "cycle" ? $"p50 {Tgt("latency cycle p50 ms")}, p99 {Tgt("latency cycle p99 ms")}" : "";
            sb.AppendLine(CultureInfo.InvariantCulture, $"| latency {op} p50/p95/p99 ms | {Triple("latency", "sluice", op + "_")} | {Triple("latency", "raw", op + "_")} | {target} |");
        }
        if (Ran("mixed")) sb.AppendLine(CultureInfo.InvariantCulture, $"| service peak RSS during mixed, MiB (median, max of rounds) | {N(Figure("mixed", "sluice", "peak_rss_mib"), "0")}, {N(PeakRssMixed, "0")} | | {Tgt("peak RSS during mixed MiB (max of rounds)")} |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| service VmHWM at the end, MiB | {N(Service["vmhwm_mib"]?.GetValue<double>() ?? double.NaN, "0")} | | |");
        sb.AppendLine(CultureInfo.InvariantCulture, $"| cold start to first ping, ms (median; all) | {Ms(ColdStartMedian)}; {string.Join(", ", ColdStartsMs.Select(Ms))} | | {Tgt("cold start median ms")} |");
        if (Push is { } p)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| push: {p.Messages:N0} messages to one webhook, delivered/s; post-to-webhook p50/p95/p99/max ms; repeated; missing | {N(p.DeliveredPerSecond)}; {Ms(p.P50Ms)} / {Ms(p.P95Ms)} / {Ms(p.P99Ms)} / {Ms(p.MaxMs)}; {p.Duplicates}; {p.Missing} | | |");
        }
        sb.AppendLine();
        if (Noisy is { } noisy)
        {
            noisy.Markdown(sb);
            sb.AppendLine();
        }
        if (Auth is { } auth)
        {
            auth.Markdown(sb);
            sb.AppendLine();
        }
        if (Growth is { } growth)
        {
            growth.Markdown(sb, Tgt);
            sb.AppendLine();
        }
        var errors = Runs.SelectMany(r => r.Errors.Select(e => (r.System, r.Scenario, e.Key, e.Value)))
            .GroupBy(e => (e.System, e.Scenario, e.Key)).Select(g => $"{g.Key.System} {g.Key.Scenario} {g.Key.Key}: {g.Sum(e => e.Value)}").ToList();
        sb.AppendLine(errors.Count == 0 ? "Errors: none." : "Errors (all rounds): " + string.Join("; ", errors) + ".");
        var warnings = Runs.SelectMany(r => r.Warnings.Where(w => w != Scenarios<string>.DrainCut).Select(w => $"r{r.Round} {r.System} {r.Scenario}: {w}")).ToList();
        if (warnings.Count > 0) sb.AppendLine("Warnings: " + string.Join("; ", warnings) + ".");
        var checkedIds = Runs.Sum(r => r.Figures.GetValueOrDefault("acked"));
        var incomplete = Runs.Where(r => r.Incomplete).Select(r => $"r{r.Round} {r.System} {r.Scenario}").ToList();
        var verdict = Violations.Count > 0 ? $"**FAILED**: {string.Join("; ", Violations)}"
            : incomplete.Count > 0 ? $"INCOMPLETE: no id claimed twice ({checkedIds:N0} ids); every acknowledged id claimed once except where the drain was cut at --drain-timeout {Options.DrainTimeoutSeconds} s and loss is not judged ({string.Join(", ", incomplete)})"
            : $"PASS (no id claimed twice, every acknowledged id claimed once; {checkedIds:N0} ids checked)";
        sb.AppendLine(CultureInfo.InvariantCulture, $"Verification: {verdict}.");
        return sb.ToString();
    }

    /// <summary>The median of every figure across rounds, per scenario and system, with its targets.</summary>
    private void MediansTable(StringBuilder sb, Func<string, string> verdict)
    {
        sb.AppendLine("| scenario | system | msgs/s | req/s | p50 ms | p95 ms | p99 ms | errors | CPU s service | CPU s postgres | CPU s load gen | target |");
        sb.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|");
        foreach (var scenario in Options.Scenarios)
        {
            foreach (var system in (string[])["sluice", "raw"])
            {
                string F(string key) => Figure(scenario, system, key) is var v && key.EndsWith("_ms", StringComparison.Ordinal) ? Ms(v) : N(v);
                var target = system != "sluice" ? "" : scenario switch
                {
                    "latency" => $"cycle p50 {verdict("latency cycle p50 ms")}, p99 {verdict("latency cycle p99 ms")}",
                    _ => $"{verdict($"{scenario} msgs/s")}; {N(Ratio(scenario), "0.00")}x raw {verdict($"{scenario} sluice/raw")}",
                };
                var cut = Runs.Count(r => r.Scenario == scenario && r.System == system && r.Incomplete);
                var mark = cut > 0 ? $" (drain cut in {cut}/{Options.Rounds})" : "";
                sb.AppendLine(CultureInfo.InvariantCulture,
                    $"| {scenario} | {system} | {F("msgs_per_s")}{mark} | {F("req_per_s")} | {F("p50_ms")} | {F("p95_ms")} | {F("p99_ms")} | {ErrorsAllRounds(scenario, system)} | {N(Figure(scenario, system, "cpu_service_s"), "0.0")} | {N(Figure(scenario, system, "cpu_postgres_s"), "0.0")} | {N(Figure(scenario, system, "cpu_loadgen_s"), "0.0")} | {target} |");
            }
        }
    }

    /// <summary>msgs/s of every round; a round below <see cref="LowRound"/> of its best is flagged LOW.</summary>
    private void RoundsTable(StringBuilder sb, Func<string, string> target)
    {
        var rounds = Enumerable.Range(1, Options.Rounds).ToArray();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Every round, msgs/s (LOW: below {LowRound:0.0}x the best round of its row):");
        sb.AppendLine();
        sb.AppendLine($"| scenario | system | {string.Join(" | ", rounds.Select(r => $"r{r}"))} | worst/best |");
        sb.AppendLine($"|---|---|{string.Concat(rounds.Select(_ => "--:|"))}--:|");
        foreach (var scenario in Options.Scenarios)
        {
            foreach (var system in (string[])["sluice", "raw"])
            {
                var values = PerRound(scenario, system);
                var best = values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Max();
                var cells = values.Select(v => N(v) + (v < LowRound * best ? " LOW" : ""));
                var extra = scenario == "backlog" && system == "sluice" ? $" ({target("backlog worst/best round")})" : "";
                sb.AppendLine(CultureInfo.InvariantCulture, $"| {scenario} | {system} | {string.Join(" | ", cells)} | {N(WorstOverBest(scenario, system), "0.00")}{extra} |");
            }
            if (scenario == "latency") continue;
            var ratios = RatioPerRound(scenario).Select(v => N(v, "0.00") + "x");
            var ratioTarget = scenario == "backlog" ? $" | worst {target("backlog sluice/raw worst round")}" : " | ";
            sb.AppendLine($"| {scenario} | sluice/raw | {string.Join(" | ", ratios)}{ratioTarget} |");
        }
    }

    private static JsonNode? Num(double v) => double.IsNaN(v) || double.IsInfinity(v) ? null : JsonValue.Create(Math.Round(v, 4));

    private static JsonObject Figures(IEnumerable<KeyValuePair<string, double>> figures)
    {
        var o = new JsonObject();
        foreach (var (k, v) in figures) o[k] = Num(v);
        return o;
    }

    public string Json()
    {
        var runs = new JsonArray();
        foreach (var r in Runs)
        {
            var errors = new JsonObject();
            foreach (var (k, v) in r.Errors) errors[k] = v;
            runs.Add(new JsonObject
            {
                ["scenario"] = r.Scenario,
                ["system"] = r.System,
                ["round"] = r.Round,
                ["drain_incomplete"] = r.Incomplete,
                ["figures"] = Figures(r.Figures),
                ["errors"] = errors,
                ["violations"] = new JsonArray(r.Violations.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                ["warnings"] = new JsonArray(r.Warnings.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                ["load_before"] = r.LoadBefore,
                ["load_after"] = r.LoadAfter,
            });
        }
        var medians = new JsonObject();
        foreach (var scenario in Options.Scenarios)
        {
            var bySystem = new JsonObject();
            foreach (var system in (string[])["sluice", "raw"])
            {
                var keys = Runs.Where(r => r.Scenario == scenario && r.System == system).SelectMany(r => r.Figures.Keys).Distinct().Order(StringComparer.Ordinal);
                var m = Figures(keys.Select(k => KeyValuePair.Create(k, Figure(scenario, system, k))));
                m["errors_all_rounds"] = ErrorsAllRounds(scenario, system);
                bySystem[system] = m;
            }
            medians[scenario] = bySystem;
        }
        var ratios = new JsonObject();
        foreach (var scenario in Options.Scenarios.Where(s => s != "latency"))
        {
            ratios[scenario] = new JsonObject
            {
                ["sluice_over_raw_msgs_per_s"] = Num(Ratio(scenario)),
                ["per_round"] = new JsonArray(RatioPerRound(scenario).Select(Num).ToArray()),
                ["sluice_worst_over_best_round"] = Num(WorstOverBest(scenario, "sluice")),
                ["raw_worst_over_best_round"] = Num(WorstOverBest(scenario, "raw")),
            };
        }
        var targets = new JsonArray(Targets().Select(t => (JsonNode?)new JsonObject
        {
            ["name"] = t.Name,
            ["value"] = Num(t.Value),
            ["goal"] = t.Goal,
            ["verdict"] = t.Verdict,
        }).ToArray());
        var root = new JsonObject
        {
            ["started_utc"] = Started.ToString("O", CultureInfo.InvariantCulture),
            ["finished_utc"] = Finished.ToString("O", CultureInfo.InvariantCulture),
            ["wall_seconds"] = Num((Finished - Started).TotalSeconds),
            ["options"] = new JsonObject
            {
                ["rounds"] = Options.Rounds,
                ["seconds"] = Options.Seconds,
                ["cold_starts"] = Options.ColdStarts,
                ["drain_timeout_seconds"] = Options.DrainTimeoutSeconds,
                ["backlog_depth"] = Options.BacklogDepth,
                ["backlog_seconds"] = Options.BacklogSeconds,
                ["scenarios"] = new JsonArray(Options.Scenarios.Select(x => (JsonNode?)JsonValue.Create(x)).ToArray()),
                ["growth_small"] = Options.GrowthSmall,
                ["growth_large"] = Options.GrowthLarge,
                ["growth_seconds"] = Options.GrowthSeconds,
                ["growth_steady_seconds"] = Options.GrowthSteadySeconds,
                ["command"] = Options.Command,
                ["batch"] = Scenarios<string>.Batch,
                ["connections"] = Scenarios<string>.Connections,
                ["body_bytes"] = Bodies.Size,
            },
            ["machine"] = Machine.DeepClone(),
            ["service"] = Service.DeepClone(),
            ["cold_start_ms"] = new JsonObject
            {
                ["median"] = Num(ColdStartMedian),
                ["all"] = new JsonArray(ColdStartsMs.Select(Num).ToArray()),
            },
            ["push"] = Push is { } push ? new JsonObject
            {
                ["messages"] = push.Messages,
                ["delivered_per_s"] = Num(push.DeliveredPerSecond),
                ["p50_ms"] = Num(push.P50Ms),
                ["p95_ms"] = Num(push.P95Ms),
                ["p99_ms"] = Num(push.P99Ms),
                ["max_ms"] = Num(push.MaxMs),
                ["repeated"] = push.Duplicates,
                ["missing"] = push.Missing,
            } : null,
            ["noisy"] = Noisy?.Json(),
            ["auth"] = Auth?.Json(),
            ["growth"] = Growth?.Json(),
            ["medians"] = medians,
            ["ratios"] = ratios,
            ["targets"] = targets,
            ["verification"] = new JsonObject
            {
                ["passed"] = Violations.Count == 0,
                ["complete"] = !Runs.Any(r => r.Incomplete),
                ["violations"] = new JsonArray(Violations.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            },
            ["runs"] = runs,
        };
        return root.ToJsonString(Indented);
    }
}
