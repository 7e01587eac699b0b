using Npgsql;

namespace Sluice.Infra.Postgres;

/// <summary>
/// Drops the projection tables, creates them again and replays the whole log into them, in one transaction
/// (DESIGN §4). Writers wait on the table locks meanwhile.
/// </summary>
public sealed class ProjectionRebuilder(NpgsqlDataSource dataSource)
{
    public async Task<long> Rebuild(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var sql in (string[])[SqlText.DropProjections, SqlText.Migrations().Single(m => m.Name.StartsWith("0002", StringComparison.Ordinal)).Sql])
        {
            await using var ddl = connection.Command(sql, transaction);
            await ddl.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var replay = connection.Command(SqlText.RebuildProjections, transaction);
        var replayed = (long)(await replay.ExecuteScalarAsync(cancellationToken))!;
        await transaction.CommitAsync(cancellationToken);
        return replayed;
    }
}
