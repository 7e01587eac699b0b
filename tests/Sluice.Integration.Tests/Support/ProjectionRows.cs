using Npgsql;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Support;

/// <summary>Every row of the projection tables of a schema as JSON, in key order: what a replay must give back exactly.</summary>
public static class ProjectionRows
{
    private static readonly string[] Queries =
    [
        "SELECT to_jsonb(t)::text FROM queues t ORDER BY tenant_id, name",
        "SELECT to_jsonb(t)::text FROM messages t ORDER BY tenant_id, queue_name, id",
        "SELECT to_jsonb(t)::text FROM claims t ORDER BY tenant_id, queue_name, id",
        "SELECT to_jsonb(t)::text FROM subscriptions t ORDER BY tenant_id, queue_name, id",
    ];

    /// <summary>One line per row, each table's rows followed by a "--" line.</summary>
    public static async Task<List<string>> Read(string schema)
    {
        await using var connection = await SchemaConnection.Open(schema);
        var parts = new List<string>();
        foreach (var sql in Queries)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) parts.Add(reader.GetString(0));
            parts.Add("--");
        }
        return parts;
    }
}
