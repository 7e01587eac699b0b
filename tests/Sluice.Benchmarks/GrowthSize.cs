using Npgsql;

namespace Sluice.Benchmarks;

/// <summary>One table of the service's schema (with its indexes and TOAST) before and after the steady run, in bytes.</summary>
internal readonly record struct TableGrowth(string Name, long Before, long After);

/// <summary>
/// <c>growth</c>, third figure: the database's size after a steady produce/consume run, the <c>mixed</c> load (4
/// producers and 4 consumers on one queue, then the consumers drain) for --growth-steady-seconds. Read before and after
/// with <see cref="DatabaseSize"/>; autovacuum runs as configured and nothing is vacuumed by hand. Growth per million
/// messages is (after - before) / produced x 10^6.
/// </summary>
internal sealed record GrowthSize(long Before, long After, long Produced, IReadOnlyList<TableGrowth> Biggest)
{
    public const string Scenario = "growth-size";
    public const int Shown = 5;
    private const int ProgressSeconds = 30;

    public double MbPerMillion => Produced == 0 ? double.NaN : (After - Before) / (double)Produced * 1e6 / DatabaseSize.Mb;

    public static async Task<(GrowthSize Size, RunResult Run)> Measure(
        Scenarios<string> scenarios, Probe probe, NpgsqlDataSource db, Options options, string project, Action<string> say, CancellationToken ct)
    {
        var before = await DatabaseSize.Read(db, ServiceProcess.Schema, ct);
        var r = new RunResult(Scenario, "sluice", 1);
        say($"growth: database {before.Bytes / DatabaseSize.Mb:N1} MB; {options.GrowthSteadySeconds} s of {Growth.SteadyProducers} producers and {Growth.SteadyConsumers} consumers on one queue");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Stats.Every(
            () => probe.Watch(r, sampleServiceRss: false, () => scenarios.Mixed(r, project, "steady", options.GrowthSteadySeconds, Growth.SteadyProducers, Growth.SteadyConsumers)),
            TimeSpan.FromSeconds(ProgressSeconds),
            async () => say($"growth: steady run {clock.Elapsed.TotalSeconds:0} s, database {await DatabaseSize.DatabaseBytes(db, ct) / DatabaseSize.Mb:N1} MB"),
            ct);
        var after = await DatabaseSize.Read(db, ServiceProcess.Schema, ct);
        var size = new GrowthSize(before.Bytes, after.Bytes, (long)r.Figures.GetValueOrDefault("acked"),
            [.. after.Tables.OrderByDescending(t => t.Value).Take(Shown).Select(t => new TableGrowth(t.Key, before.Tables.GetValueOrDefault(t.Key), t.Value))]);
        r.Figures["db_before_bytes"] = size.Before;
        r.Figures["db_after_bytes"] = size.After;
        r.Figures["produced"] = size.Produced;
        r.Figures["growth_mb_per_million"] = size.MbPerMillion;
        return (size, r);
    }
}
