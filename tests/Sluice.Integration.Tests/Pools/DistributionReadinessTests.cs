using System.Text.RegularExpressions;
using Npgsql;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Pools;

/// <summary>
/// What a pool needs to become a distributed PostgreSQL (Citus) distributed by <c>tenant_id</c>, checked over the schema
/// the migrations make and over every statement the store runs (README "Pools and flavors", "A pool on Citus"). Citus
/// cannot run here; these are the properties it depends on.
/// </summary>
public sealed partial class DistributionReadinessTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    /// <summary>
    /// Keys that include <c>tenant_id</c> without leading with it, each for a reason: a statement naming messages or
    /// claims by id must descend to those rows only, whatever the planner statistics say
    /// (<c>Migrations/0012_id_first_projections.sql</c>). Citus asks only that a key include the distribution column.
    /// </summary>
    private static readonly string[] IdFirstKeys = ["claims_pkey", "messages_pkey"];

    /// <summary>
    /// Statements that span tenants by design, each a background job's or the service's own: on Citus they run on
    /// every shard. Everything else a request runs names its tenant.
    /// </summary>
    private static readonly Dictionary<string, string> AcrossTenants = new(StringComparer.Ordinal)
    {
        ["commit"] = "ends a transaction",
        ["ping"] = "asks the server to answer",
        ["stale_statistics"] = "reads the planner's statistics of the tables",
        ["find_expired"] = "the sweeper finds expired rows of every tenant (each set is then locked per tenant)",
        ["find_expired_subscriptions"] = "the sweeper finds expired subscriptions of every tenant",
        ["forget_idempotency_keys"] = "the sweeper forgets expired keys of every tenant",
        ["forget_waiters"] = "the sweeper forgets long polls that ended",
        ["follow_subscriptions"] = "the notifier follows the log of every tenant",
        ["lease_notifications"] = "the notifier leases due deliveries fairly across tenants (FOR UPDATE SKIP LOCKED over shards: see README)",
        ["settle_notifications"] = "the notifier settles the deliveries it leased, of several tenants at once",
        ["drop_projections"] = "a rebuild drops every projection",
        ["rebuild_projections"] = "a rebuild replays the whole log",
    };

    [Fact]
    public async Task Every_table_has_a_tenant_id_and_every_key_includes_it_leading_except_the_documented_id_first_keys()
    {
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT c.relname, i.relname, (SELECT array_agg(a.attname ORDER BY k.n)
                                            FROM unnest(x.indkey) WITH ORDINALITY k(attnum, n)
                                            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum)::text[]
              FROM pg_index x
              JOIN pg_class c ON c.oid = x.indrelid
              JOIN pg_class i ON i.oid = x.indexrelid
              JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND (x.indisprimary OR x.indisunique) AND c.relname <> 'schema_version'
            """, connection);
        command.Parameters.AddWithValue(app.Schema);
        var keys = new List<(string Table, string Index, string[] Columns)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync()) keys.Add((reader.GetString(0), reader.GetString(1), await reader.GetFieldValueAsync<string[]>(2)));
        }
        Assert.Contains(keys, k => k.Table == "events");
        Assert.Contains(keys, k => k.Table == "messages");
        foreach (var (table, index, columns) in keys) Assert.True(columns.Contains("tenant_id"), $"{table}.{index} ({string.Join(", ", columns)}) lacks tenant_id");
        var notLeading = keys.Where(k => k.Columns[0] != "tenant_id").Select(k => k.Index).Order(StringComparer.Ordinal);
        Assert.Equal(IdFirstKeys, notLeading);

        await using var tables = new NpgsqlCommand("""
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname <> 'schema_version'
               AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id')
            """, connection);
        tables.Parameters.AddWithValue(app.Schema);
        Assert.Null(await tables.ExecuteScalarAsync());
    }

    [Fact]
    public void Every_statement_a_request_runs_names_its_tenant_and_every_row_lock_among_them_does()
    {
        var names = typeof(Sluice.Infra.Postgres.PlannerStatistics).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("Sluice.Infra.Postgres.Sql.", StringComparison.Ordinal))
            .Select(n => n["Sluice.Infra.Postgres.Sql.".Length..^".sql".Length])
            .ToList();
        Assert.True(names.Count > 40, $"found only {names.Count} statements");
        Assert.Empty(AcrossTenants.Keys.Except(names));
        foreach (var name in names.Where(n => !AcrossTenants.ContainsKey(n)))
        {
            var sql = string.Join('\n', ServiceSql.Text($"Sql.{name}.sql").Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal)));
            Assert.True(TenantBound().IsMatch(sql), $"Sql/{name}.sql does not bind tenant_id to a parameter");
            if (sql.Contains("SKIP LOCKED", StringComparison.Ordinal))
            {
                Assert.True(TenantFilter().IsMatch(sql), $"Sql/{name}.sql locks rows without a tenant_id filter");
            }
        }
    }

    /// <summary><c>tenant_id = $n</c>, <c>(tenant_id, …) = ($n, …)</c>, or an insert of <c>$n</c> as the tenant.</summary>
    [GeneratedRegex(@"tenant_id\s*=\s*\$\d|\(tenant_id,[^)]*\)\s*=\s*\(\$\d|INSERT INTO \w+ \(tenant_id[^)]*\)\s*(VALUES \(|SELECT )\$\d")]
    private static partial Regex TenantBound();

    [GeneratedRegex(@"tenant_id\s*=\s*\$\d")]
    private static partial Regex TenantFilter();
}
