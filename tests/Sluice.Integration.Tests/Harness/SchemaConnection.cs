using Npgsql;

namespace Sluice.Integration.Tests.Harness;

/// <summary>A connection of the test's own to a fixture's schema, for what only SQL can see (statistics, plans).</summary>
public static class SchemaConnection
{
    public static async Task<NpgsqlConnection> Open(string schema)
    {
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { SearchPath = schema }.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task Execute(this NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<T> Scalar<T>(this NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
