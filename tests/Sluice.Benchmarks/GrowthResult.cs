using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Benchmarks;

/// <summary>
/// The runs of <c>growth</c> and its two goals: claims against the large backlog, and posts spread over ten thousand
/// queues, each within 20% of the small case's throughput (medians across rounds). The database's growth is reported
/// without a goal.
/// </summary>
internal sealed record GrowthResult(Options Options, IReadOnlyList<RunResult> Runs, GrowthSize Size, IReadOnlyList<string> Violations)
{
    public const double Goal = 0.8;
    public const string ClaimTarget = "growth claim msgs/s, large / small backlog";
    public const string PostTarget = "growth post msgs/s, spread / one queue";

    private double Median(string scenario, string key) =>
        Stats.Median(Runs.Where(r => r.Scenario == scenario && r.Figures.ContainsKey(key)).Select(r => r.Figures[key]));

    private double Sum(string scenario, string key) => Runs.Where(r => r.Scenario == scenario).Sum(r => r.Figures.GetValueOrDefault(key));

    private double[] PerRound(string scenario) =>
        [.. Enumerable.Range(1, Options.Rounds).Select(round =>
            Runs.FirstOrDefault(r => r.Scenario == scenario && r.Round == round)?.Figures.GetValueOrDefault("msgs_per_s", double.NaN) ?? double.NaN)];

    private long Errors(string scenario) => Runs.Where(r => r.Scenario == scenario).Sum(r => r.ErrorCount);

    public double ClaimRatio => Median(GrowthClaims.Large, "msgs_per_s") / Median(GrowthClaims.Small, "msgs_per_s");

    public double PostRatio => Median(GrowthPosts.Spread, "msgs_per_s") / Median(GrowthPosts.One, "msgs_per_s");

    public IEnumerable<Target> Targets() =>
    [
        new(ClaimTarget, ClaimRatio, $">= {Goal:0.0}x", ClaimRatio >= Goal),
        new(PostTarget, PostRatio, $">= {Goal:0.0}x", PostRatio >= Goal),
    ];

    private string Case(string scenario) => scenario switch
    {
        GrowthClaims.Small => $"claim, {Options.GrowthSmall:N0} waiting",
        GrowthClaims.Large => $"claim, {Options.GrowthLarge:N0} waiting",
        GrowthPosts.One => "post into 1 queue",
        _ => $"post spread over {SpreadClient.Queues:N0} queues ({SpreadClient.Projects} projects x {SpreadClient.QueuesPerProject})",
    };

    private string Happened(string scenario)
    {
        var count = string.Create(CultureInfo.InvariantCulture, $"{N(Median(scenario, "messages"))} in {N(Median(scenario, "seconds"), "0.0")} s");
        if (scenario is GrowthPosts.One or GrowthPosts.Spread) return "posted " + count;
        var emptied = Runs.Count(r => r.Scenario == scenario && r.Figures.GetValueOrDefault("remaining", -1) == 0);
        var loaded = Sum(scenario, "loaded");
        var loadSeconds = Sum(scenario, "load_s");
        return string.Create(CultureInfo.InvariantCulture,
            $"claimed and deleted {count}{(emptied > 0 ? $" (the queue emptied before --growth-seconds in {emptied} of {Options.Rounds} round(s))" : "")}; loaded {N(loaded)} in {N(loadSeconds, "0.0")} s beforehand ({N(loaded / loadSeconds)} msgs/s on {Growth.LoadProducers} connections{(Options.Rounds > 1 ? ", topped up before each round" : "")})");
    }

    private static string N(double v, string format = "N0") => double.IsNaN(v) || double.IsInfinity(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);

    private static string Mb(double bytes) => N(bytes / DatabaseSize.Mb, "N1");

    public void Markdown(StringBuilder sb, Func<string, string> verdict)
    {
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"growth: how cost grows with work, on a service of its own; {Options.Rounds} round(s) of {Options.GrowthSeconds} s per case, medians across rounds. Command: `{Options.Command}`");
        sb.AppendLine();
        sb.AppendLine("| case | msgs/s | every round | p50 / p99 ms | errors | CPU s service / postgres | what it did |");
        sb.AppendLine("|---|--:|---|--:|--:|--:|---|");
        foreach (var scenario in (string[])[GrowthClaims.Small, GrowthClaims.Large, GrowthPosts.One, GrowthPosts.Spread])
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {Case(scenario)} | {N(Median(scenario, "msgs_per_s"))} | {string.Join(", ", PerRound(scenario).Select(v => N(v)))} | {N(Median(scenario, "p50_ms"), "0.00")} / {N(Median(scenario, "p99_ms"), "0.0")} | {Errors(scenario)} | {N(Median(scenario, "cpu_service_s"), "0.0")} / {N(Median(scenario, "cpu_postgres_s"), "0.0")} | {Happened(scenario)} |");
        }
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Claims (8 connections: claim 10, delete those ids) with {Options.GrowthLarge:N0} waiting over {Options.GrowthSmall:N0} waiting: {N(ClaimRatio, "0.00")}x ({verdict(ClaimTarget)}).");
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Posts (8 connections, batches of {Scenarios<string>.Batch} bodies of {Bodies.Size} bytes) spread over {SpreadClient.Queues:N0} queues over posts into one queue: {N(PostRatio, "0.00")}x ({verdict(PostTarget)}).");
        sb.AppendLine();
        var s = Size;
        double F(string key) => Median(GrowthSize.Scenario, key);
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Database size after a steady run of {Options.GrowthSteadySeconds} s ({Growth.SteadyProducers} producers and {Growth.SteadyConsumers} consumers on one queue, then the consumers drain): {N(s.Produced)} messages produced ({N(F("produced_per_s"))}/s), {N(F("messages"))} consumed in the window, {N(F("drained"))} drained after it in {N(F("drain_s"), "0.0")} s, {Errors(GrowthSize.Scenario)} errors. pg_database_size {Mb(s.Before)} MB before, **{Mb(s.After)} MB after**: **{N(s.MbPerMillion, "N1")} MB per million messages** (1 MB = 10^6 bytes; autovacuum as configured, nothing vacuumed by hand).");
        sb.AppendLine();
        sb.AppendLine(CultureInfo.InvariantCulture, $"| biggest tables of schema {ServiceProcess.Schema} (with indexes and TOAST) | before MB | after MB | growth MB |");
        sb.AppendLine("|---|--:|--:|--:|");
        foreach (var t in s.Biggest) sb.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {Mb(t.Before)} | {Mb(t.After)} | {Mb(t.After - t.Before)} |");
    }

    private JsonObject CaseJson(string scenario)
    {
        var o = new JsonObject { ["case"] = Case(scenario) };
        foreach (var key in (string[])["msgs_per_s", "req_per_s", "p50_ms", "p99_ms", "messages", "seconds", "cpu_service_s", "cpu_postgres_s"])
        {
            o[key] = NoisyPhase.Num(Median(scenario, key));
        }
        if (scenario is GrowthClaims.Small or GrowthClaims.Large)
        {
            o["loaded"] = NoisyPhase.Num(Sum(scenario, "loaded"));
            o["load_s"] = NoisyPhase.Num(Sum(scenario, "load_s"));
            o["rounds_emptied"] = Runs.Count(r => r.Scenario == scenario && r.Figures.GetValueOrDefault("remaining", -1) == 0);
        }
        o["per_round_msgs_per_s"] = new JsonArray([.. PerRound(scenario).Select(NoisyPhase.Num)]);
        o["errors_all_rounds"] = Errors(scenario);
        return o;
    }

    public JsonObject Json() => new()
    {
        ["command"] = Options.Command,
        ["rounds"] = Options.Rounds,
        ["seconds_per_case"] = Options.GrowthSeconds,
        ["claim"] = new JsonObject
        {
            ["small"] = CaseJson(GrowthClaims.Small),
            ["large"] = CaseJson(GrowthClaims.Large),
            ["load_connections"] = Growth.LoadProducers,
            ["large_over_small"] = NoisyPhase.Num(ClaimRatio),
            ["goal"] = $">= {Goal:0.0}x",
        },
        ["post"] = new JsonObject
        {
            ["one_queue"] = CaseJson(GrowthPosts.One),
            ["spread"] = CaseJson(GrowthPosts.Spread),
            ["spread_over_one"] = NoisyPhase.Num(PostRatio),
            ["goal"] = $">= {Goal:0.0}x",
        },
        ["size"] = new JsonObject
        {
            ["steady_seconds"] = Options.GrowthSteadySeconds,
            ["producers"] = Growth.SteadyProducers,
            ["consumers"] = Growth.SteadyConsumers,
            ["produced"] = Size.Produced,
            ["consumed_in_window"] = NoisyPhase.Num(Median(GrowthSize.Scenario, "messages")),
            ["drained_after_window"] = NoisyPhase.Num(Median(GrowthSize.Scenario, "drained")),
            ["database_before_bytes"] = Size.Before,
            ["database_after_bytes"] = Size.After,
            ["growth_mb_per_million_messages"] = NoisyPhase.Num(Size.MbPerMillion),
            ["mb"] = "10^6 bytes",
            ["biggest_tables"] = new JsonArray([.. Size.Biggest.Select(t => (JsonNode?)new JsonObject
            {
                ["name"] = t.Name,
                ["before_bytes"] = t.Before,
                ["after_bytes"] = t.After,
            })]),
        },
        ["violations"] = new JsonArray([.. Violations.Select(v => (JsonNode?)JsonValue.Create(v))]),
    };
}
