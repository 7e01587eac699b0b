using Npgsql;

namespace Sluice.Infra.Postgres;

/// <summary>
/// Keeps the planner's statistics of the projection tables in step with bursts that autovacuum (a minute between
/// naps by default) does not see in time: a queue filled from empty is otherwise planned as a single row, and its
/// claims may sort the whole queue. (The statements that name messages by id do not depend on it: their indexes leave
/// them no plan that walks a queue, Migrations/0012.) Analyzes a table only when its statistics cover less than half
/// of its live rows, so steady churn costs one catalog read per run.
/// </summary>
public sealed class PlannerStatistics(NpgsqlDataSource dataSource)
{
    /// <summary>Below this many live rows any plan is fast; such tables are left to autovacuum.</summary>
    public const int MinimumRows = 1000;

    private static readonly Dictionary<string, string> AnalyzeStatements = new(StringComparer.Ordinal)
    {
        ["messages"] = "ANALYZE messages",
        ["claims"] = "ANALYZE claims",
    };

    /// <summary>Analyzes the stale projection tables and returns their names.</summary>
    public async Task<IReadOnlyList<string>> RefreshStale(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var stale = new List<string>();
        await using (var find = connection.Command(SqlText.StaleStatistics).With(MinimumRows))
        await using (var reader = await find.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) stale.Add(reader.GetString(0));
        }

        foreach (var table in stale)
        {
            await using var analyze = connection.Command(AnalyzeStatements[table]);
            await analyze.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return stale;
    }
}
