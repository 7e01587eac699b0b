using Npgsql;

namespace Sluice.Benchmarks;

/// <summary>
/// The database's size on disk (<c>pg_database_size</c>) and that of every table in one schema with its indexes and
/// TOAST (<c>pg_total_relation_size</c>): catalog functions only, never the service's rows, so the reading holds
/// whatever the service stores and however.
/// </summary>
internal sealed record DatabaseSize(long Bytes, IReadOnlyDictionary<string, long> Tables)
{
    public const double Mb = 1e6;

    public static async Task<long> DatabaseBytes(NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("SELECT pg_database_size(current_database())");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    public static async Task<DatabaseSize> Read(NpgsqlDataSource db, string schema, CancellationToken ct)
    {
        var bytes = await DatabaseBytes(db, ct);
        var tables = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var cmd = db.CreateCommand("""
            SELECT c.relname, pg_total_relation_size(c.oid)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = $1 AND c.relkind IN ('r', 'm')
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = schema });
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) tables[reader.GetString(0)] = reader.GetInt64(1);
        return new DatabaseSize(bytes, tables);
    }
}
