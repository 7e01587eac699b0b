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
        // The projection migrations are re-runnable DDL: run again in order, they recreate tables, functions, trigger.
        string[] scripts =
        [
            SqlText.DropProjections,
            .. SqlText.Migrations().Where(m => m.Name.Contains("projections", StringComparison.Ordinal)).Select(m => m.Sql),
            .. SqlText.Functions().Select(f => f.Sql),
        ];
        foreach (var sql in scripts)
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
