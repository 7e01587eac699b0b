using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sluice.Infra.Postgres;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Planning;

/// <summary>The statistics job checks every second, as it does standalone.</summary>
public sealed class StatisticsEverySecondApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["Sluice:StatisticsIntervalSeconds"] = "1" };
}

/// <summary>
/// A queue filled from empty between two autovacuum naps is planned from statistics that say the table is empty.
/// The statistics job must notice and analyze, after which a claim walks the position index instead of sorting the
/// whole queue. Autovacuum is switched off on this fixture's table, so only the service can have analyzed it.
/// </summary>
public sealed class PlannerStatisticsTests(StatisticsEverySecondApp app) : IClassFixture<StatisticsEverySecondApp>
{
    private const int Posted = 1_200;

    [Fact]
    public async Task Given_a_table_vacuumed_empty_When_a_burst_fills_a_queue_Then_the_service_analyzes_it_and_claims_use_the_position_index()
    {
        await using var connection = await SchemaConnection.Open(app.Schema);
        await connection.Execute("ALTER TABLE messages SET (autovacuum_enabled = false)");
        await connection.Execute("VACUUM messages");
        Assert.Equal(0, await connection.Scalar<float>("SELECT reltuples FROM pg_class WHERE oid = 'messages'::regclass"));

        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var bodies = Enumerable.Range(0, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        await Parallel.ForAsync(0, Posted / 10, async (_, _) => await api.PostMessages(queue, bodies));

        // The live-row count reaches the statistics system when the service's backends flush it (within ~10 s of
        // going idle), and the job runs every second after that.
        var deadline = Stopwatch.StartNew();
        float estimate;
        while ((estimate = await connection.Scalar<float>("SELECT reltuples FROM pg_class WHERE oid = 'messages'::regclass")) < Posted
               && deadline.Elapsed < TimeSpan.FromSeconds(40))
        {
            await Task.Delay(200);
        }
        Assert.Equal(Posted, estimate);

        // The claim statement the service runs, as it runs it (a tenant, a queue, the time, a limit).
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT TEXT) " + ServiceSql.Text("Sql.lock_claimable.sql"), connection);
        explain.Parameters.Add(new NpgsqlParameter<string> { TypedValue = api.Project });
        explain.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        explain.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = DateTime.UtcNow });
        explain.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 10 });
        var plan = await Lines(explain);
        Assert.Contains("messages_queue_position", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("Sort", plan, StringComparison.Ordinal);

        // Fresh statistics: nothing is analyzed again.
        Assert.Empty(await app.Services.GetRequiredService<PlannerStatistics>().RefreshStale(CancellationToken.None));
    }

    private static async Task<string> Lines(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join('\n', lines);
    }
}
