using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Benchmarks;

/// <summary>
/// The runs of <c>auth</c> (scenario <c>auth</c>, system = the mode) and the goal: a cached Keystone token costs under
/// 5% of produce throughput, medians across rounds against mode none. jwt is reported beside it, without a goal.
/// <see cref="Missing"/> names the modes that could not be measured, and why.
/// </summary>
internal sealed record AuthResult(int Seconds, int Rounds, IReadOnlyList<string> Modes, IReadOnlyList<RunResult> Runs, IReadOnlyList<string> Missing)
{
    public const double Goal = 0.05;
    public const string TargetName = "auth cached keystone token cost %";

    public double Median(string mode, string key) =>
        Stats.Median(Runs.Where(r => r.System == mode && r.Figures.ContainsKey(key)).Select(r => r.Figures[key]));

    /// <summary>Median msgs/s of <paramref name="mode"/> over that of none (NaN when either did not run).</summary>
    public double Ratio(string mode) => Median(mode, "msgs_per_s") / Median("none", "msgs_per_s");

    public double Cost(string mode) => 1 - Ratio(mode);

    private double PerRound(string mode, int round) =>
        Runs.FirstOrDefault(r => r.System == mode && r.Round == round)?.Figures.GetValueOrDefault("msgs_per_s", double.NaN) ?? double.NaN;

    public Target Target() => new(TargetName, Cost("keystone") * 100, $"< {Goal * 100:0}%", Cost("keystone") < Goal);

    /// <summary>The line the requirement asks for: keystone against its goal, jwt for information.</summary>
    public string CostLine(string mode)
    {
        var cost = Cost(mode);
        var what = mode == "keystone" ? "cached keystone token" : "jwt bearer token (signature checked per request)";
        var tail = mode == "keystone" ? $"(target < {Goal * 100:0}%): {Target().Verdict}" : "(informational)";
        var cpu = Median(mode, "cpu_service_us_per_req") - Median("none", "cpu_service_us_per_req");
        return double.IsNaN(cost)
            ? $"auth: {what}: NOT MEASURED ({string.Join("; ", Missing.Where(m => m.StartsWith(mode, StringComparison.Ordinal)))}) {tail}"
            : string.Create(CultureInfo.InvariantCulture,
                $"auth: {what} costs {cost * 100:0.0}% of produce throughput {tail}; service CPU {cpu:+0;-0} µs per request against none");
    }

    private static string Sends(string mode) => mode switch
    {
        "none" => "X-Project-ID",
        "keystone" => "X-Auth-Token (one token, cached by the service)",
        _ => "Authorization: Bearer (RS256)",
    };

    public void Markdown(StringBuilder sb)
    {
        static string N(double v, string format = "N0") => double.IsNaN(v) ? "–" : v.ToString(format, CultureInfo.InvariantCulture);
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"auth: the produce load ({Scenarios<string>.Connections} connections, batches of {Scenarios<string>.Batch} bodies of {Bodies.Size} bytes, {Seconds} s per run) against one service per Sluice__Auth__Mode, started together; {Rounds} round(s) after a warm-up, each mode once per round in an order rotated by round; medians across rounds.");
        foreach (var m in Missing) sb.AppendLine(CultureInfo.InvariantCulture, $"**NOT MEASURED**: {m}.");
        sb.AppendLine();
        sb.AppendLine("| mode | sends | msgs/s | req/s | p50 ms | p99 ms | service CPU µs/request | errors | msgs/s over none |");
        sb.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var mode in Modes)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {mode} | {Sends(mode)} | {N(Median(mode, "msgs_per_s"))} | {N(Median(mode, "req_per_s"))} | {N(Median(mode, "p50_ms"), "0.00")} | {N(Median(mode, "p99_ms"), "0.0")} | {N(Median(mode, "cpu_service_us_per_req"), "0")} | {Runs.Where(r => r.System == mode).Sum(r => r.ErrorCount)} | {N(Ratio(mode), "0.00")}x |");
        }
        sb.AppendLine();
        var rounds = Enumerable.Range(1, Rounds).ToArray();
        sb.AppendLine($"| mode | {string.Join(" | ", rounds.Select(r => $"r{r}"))} | worst/best; median of the rounds' ratios |");
        sb.AppendLine($"|---|{string.Concat(rounds.Select(_ => "--:|"))}--:|");
        foreach (var mode in Modes)
        {
            var values = rounds.Select(r => PerRound(mode, r)).ToArray();
            var known = values.Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).ToArray();
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {mode} | {string.Join(" | ", values.Select(v => N(v)))} | {N(known.Min() / known.Max(), "0.00")} |");
            if (mode == "none") continue;
            var ratios = rounds.Select(r => PerRound(mode, r) / PerRound("none", r)).ToArray();
            sb.AppendLine(CultureInfo.InvariantCulture, $"| {mode}/none | {string.Join(" | ", ratios.Select(v => N(v, "0.00") + "x"))} | {N(Stats.Median(ratios), "0.00")}x |");
        }
        sb.AppendLine();
        sb.AppendLine(CostLine("keystone"));
        sb.AppendLine(CostLine("jwt"));
    }

    public JsonObject Json()
    {
        var modes = new JsonObject();
        foreach (var mode in Modes)
        {
            modes[mode] = new JsonObject
            {
                ["sends"] = Sends(mode),
                ["msgs_per_s"] = NoisyPhase.Num(Median(mode, "msgs_per_s")),
                ["req_per_s"] = NoisyPhase.Num(Median(mode, "req_per_s")),
                ["p50_ms"] = NoisyPhase.Num(Median(mode, "p50_ms")),
                ["p99_ms"] = NoisyPhase.Num(Median(mode, "p99_ms")),
                ["service_cpu_us_per_request"] = NoisyPhase.Num(Median(mode, "cpu_service_us_per_req")),
                ["errors_all_rounds"] = Runs.Where(r => r.System == mode).Sum(r => r.ErrorCount),
                ["msgs_per_s_over_none"] = NoisyPhase.Num(Ratio(mode)),
                ["per_round_msgs_per_s"] = new JsonArray([.. Enumerable.Range(1, Rounds).Select(r => NoisyPhase.Num(PerRound(mode, r)))]),
            };
        }
        return new JsonObject
        {
            ["seconds_per_run"] = Seconds,
            ["rounds"] = Rounds,
            ["modes"] = modes,
            ["not_measured"] = new JsonArray([.. Missing.Select(m => (JsonNode?)JsonValue.Create(m))]),
            ["keystone_cost"] = NoisyPhase.Num(Cost("keystone")),
            ["jwt_cost"] = NoisyPhase.Num(Cost("jwt")),
            ["keystone_goal"] = $"< {Goal * 100:0}%",
        };
    }
}
