using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Benchmarks;

/// <summary>The quiet tenant's latencies in one phase of <c>noisy</c>, and what the flooding tenant got meanwhile.</summary>
internal sealed record NoisyPhase(
    string Name, long Cycles, double CycleP50Ms, double CycleP99Ms, double PostP99Ms, double ClaimP99Ms, double DeleteP99Ms, long QuietErrors,
    double FloodServedPerSecond, long FloodRefused, long FloodErrors)
{
    public JsonObject Json() => new()
    {
        ["name"] = Name,
        ["cycles"] = Cycles,
        ["cycle_p50_ms"] = Num(CycleP50Ms),
        ["cycle_p99_ms"] = Num(CycleP99Ms),
        ["post_p99_ms"] = Num(PostP99Ms),
        ["claim_p99_ms"] = Num(ClaimP99Ms),
        ["delete_p99_ms"] = Num(DeleteP99Ms),
        ["quiet_errors"] = QuietErrors,
        ["flood_served_req_per_s"] = Num(FloodServedPerSecond),
        ["flood_refused_429"] = FloodRefused,
        ["flood_other_errors"] = FloodErrors,
    };

    public static JsonNode? Num(double v) => double.IsNaN(v) || double.IsInfinity(v) ? null : JsonValue.Create(Math.Round(v, 4));
}

/// <summary>
/// The phases of <c>noisy</c> and the goal: with the limit on, the quiet tenant's cycle p99 beside the flood within 2x
/// of its p99 alone (on the unlimited service). <see cref="AloneLimited"/>, alone on the limited service, is the control.
/// </summary>
internal sealed record NoisyResult(int Seconds, int Limit, NoisyPhase Alone, NoisyPhase Open, NoisyPhase AloneLimited, NoisyPhase Limited)
{
    public const double Goal = 2.0;
    public const string TargetName = "noisy quiet p99, limit on / alone";

    public double LimitedOverAlone => Limited.CycleP99Ms / Alone.CycleP99Ms;

    public double OpenOverAlone => Open.CycleP99Ms / Alone.CycleP99Ms;

    public Target Target() => new(TargetName, LimitedOverAlone, $"<= {Goal:0.0}x", LimitedOverAlone <= Goal);

    public void Markdown(StringBuilder sb)
    {
        static string Ms(double v) => double.IsNaN(v) ? "–" : v.ToString(v < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"noisy: a quiet tenant makes {Noisy.CyclesPerSecond} post+claim+delete cycles/s on one connection for {Seconds} s per phase, beside a tenant flooding with {Noisy.FloodProducers} posting and {Noisy.FloodConsumers} claiming connections; the limit is Sluice__RateLimits__PermitsPerSecond={Limit} for every project (the service restarted with it; the flood made {Open.FloodServedPerSecond:N0} req/s without it).");
        sb.AppendLine();
        sb.AppendLine("| phase | quiet cycles | cycle p50 ms | cycle p99 ms | post / claim / delete p99 ms | quiet errors | flood served req/s | flood 429s |");
        sb.AppendLine("|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (var p in (NoisyPhase[])[Alone, Open, AloneLimited, Limited])
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"| {p.Name} | {p.Cycles:N0} | {Ms(p.CycleP50Ms)} | {Ms(p.CycleP99Ms)} | {Ms(p.PostP99Ms)} / {Ms(p.ClaimP99Ms)} / {Ms(p.DeleteP99Ms)} | {p.QuietErrors} | {p.FloodServedPerSecond:N0} | {p.FloodRefused:N0} |");
        }
        sb.AppendLine();
        var target = Target();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"Quiet tenant's cycle p99 beside the flood over its p99 alone: {OpenOverAlone:0.00}x with the limit off, {LimitedOverAlone:0.00}x with it on ({target.Goal}: {target.Verdict}); over its p99 alone on the limited service, {Limited.CycleP99Ms / AloneLimited.CycleP99Ms:0.00}x.");
    }

    public JsonObject Json() => new()
    {
        ["seconds_per_phase"] = Seconds,
        ["cycles_per_second"] = Noisy.CyclesPerSecond,
        ["flood_connections"] = Noisy.FloodProducers + Noisy.FloodConsumers,
        ["limit_permits_per_second"] = Limit,
        ["alone"] = Alone.Json(),
        ["flood_limit_off"] = Open.Json(),
        ["alone_limit_on"] = AloneLimited.Json(),
        ["flood_limit_on"] = Limited.Json(),
        ["p99_limit_off_over_alone"] = NoisyPhase.Num(OpenOverAlone),
        ["p99_limit_on_over_alone"] = NoisyPhase.Num(LimitedOverAlone),
        ["goal"] = $"<= {Goal:0.0}x",
    };
}
