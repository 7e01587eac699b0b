using System.Text.RegularExpressions;
using Npgsql;

namespace Sluice.Infra.Postgres;

/// <summary>
/// Applies the forward-only migrations at start-up: in name order, in one transaction, under an advisory lock so
/// that instances starting together apply each once, recorded in schema_version.
/// </summary>
public sealed partial class Migrator(NpgsqlDataSource dataSource, SluiceOptions options)
{
    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();

    public static string ValidSchema(string schema) =>
        Identifier().IsMatch(schema) ? schema : throw new InvalidOperationException($"Sluice:Schema '{schema}' is not a valid lowercase identifier.");

    public async Task Migrate(CancellationToken cancellationToken)
    {
        var schema = ValidSchema(options.Schema);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The schema is the one identifier spliced into SQL, validated above.
        await Execute(connection, transaction, $"SELECT pg_advisory_xact_lock(hashtext('sluice-migrate:{schema}')); CREATE SCHEMA IF NOT EXISTS {schema}; CREATE TABLE IF NOT EXISTS {schema}.schema_version (version text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())", cancellationToken);
        var applied = new HashSet<string>(StringComparer.Ordinal);
        await using (var command = connection.Command($"SELECT version FROM {schema}.schema_version", transaction))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken)) applied.Add(reader.GetString(0));
        }
        foreach (var (name, sql) in SqlText.Migrations())
        {
            if (applied.Contains(name)) continue;
            await Execute(connection, transaction, sql, cancellationToken);
            await Record(connection, transaction, schema, name, cancellationToken);
        }
        // The functions are recorded by content, so a start-up with unchanged functions touches nothing.
        var functions = FunctionsVersion();
        if (!applied.Contains(functions))
        {
            foreach (var (_, sql) in SqlText.Functions()) await Execute(connection, transaction, sql, cancellationToken);
            await Record(connection, transaction, schema, functions, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    public static string FunctionsVersion() =>
        "functions:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
            System.Text.Encoding.UTF8.GetBytes(string.Concat(SqlText.Functions().Select(f => f.Name + f.Sql)))));

    private static async Task Record(NpgsqlConnection connection, NpgsqlTransaction transaction, string schema, string version, CancellationToken cancellationToken)
    {
        await using var record = connection.Command($"INSERT INTO {schema}.schema_version (version) VALUES ($1)", transaction).With(version);
        await record.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
