using Npgsql;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Infra.Postgres;

/// <summary>The event store on PostgreSQL: one transaction per command, appends projected inline.</summary>
public sealed class PostgresQueueStore(NpgsqlDataSource dataSource) : IQueueStore
{
    public async ValueTask<IQueueSession> Begin(TenantId tenant, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new PostgresQueueSession(connection, transaction, tenant);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<IReadOnlyList<ExpiredSet>> FindExpired(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = connection.Command(SqlText.FindExpired).With(now.Utc()).With(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sets = new Dictionary<(string, string), ExpiredSet>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetString(0), reader.GetString(1));
            var ids = reader.GetFieldValue<Guid[]>(2);
            var set = sets.TryGetValue(key, out var s) ? s : new ExpiredSet(new TenantId(key.Item1), new QueueName(key.Item2), [], []);
            sets[key] = reader.GetString(3) == "m"
                ? set with { Messages = Array.ConvertAll(ids, g => new MessageId(g)) }
                : set with { Claims = Array.ConvertAll(ids, g => new ClaimId(g)) };
        }
        return [.. sets.Values];
    }
}
