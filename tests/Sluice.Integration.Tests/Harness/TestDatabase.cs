using Npgsql;

namespace Sluice.Integration.Tests.Harness;

/// <summary>
/// The PostgreSQL that test.sh starts on loopback. A missing server fails the test loudly; nothing is skipped.
/// </summary>
public static class TestDatabase
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("SLUICE_TEST_POSTGRES") is { Length: > 0 } cs
            ? cs
            : "Host=127.0.0.1;Port=54330;Username=sluice;Database=sluice;Maximum Pool Size=100";

    /// <summary>A fresh schema name per fixture, so test classes run in parallel without sharing rows.</summary>
    public static string NewSchema(string owner) =>
        ("t_" + new string([.. owner.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]))[..Math.Min(40, owner.Length + 2)] + "_" + Guid.NewGuid().ToString("N")[..10];

    public static async Task DropSchema(string schema)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
