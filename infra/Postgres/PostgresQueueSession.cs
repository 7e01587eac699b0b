using Npgsql;
using NpgsqlTypes;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;
using Sluice.Infra.Serialization;

namespace Sluice.Infra.Postgres;

/// <summary>One command's transaction. Every statement is scoped by the session's tenant.</summary>
internal sealed class PostgresQueueSession(NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant) : IQueueSession
{
    private readonly string _tenant = tenant.Value;

    public async ValueTask<QueueState> LoadQueue(QueueName queue, bool exclusive, CancellationToken cancellationToken)
    {
        await using var command = Command(exclusive ? SqlText.LoadQueueExclusive : SqlText.LoadQueueShared).With(_tenant).With(queue.Value);
        var metadata = await command.ExecuteScalarAsync(cancellationToken) as string;
        return metadata is null ? QueueState.Missing.Instance : new QueueState.Existing(QueueMetadata.FromStored(metadata));
    }

    public async ValueTask<IReadOnlyList<MessageState>> LockClaimable(QueueName queue, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(SqlText.LockClaimable).With(_tenant).With(queue.Value).With(now.Utc()).With(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<MessageState>(limit);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new MessageState(new MessageId(reader.GetGuid(0)), null, reader.GetInt64(1), reader.GetInt32(2), reader.Time(3), reader.Time(4)));
        }
        return found;
    }

    public async ValueTask<IReadOnlyList<MessageState>> LockMessages(QueueName queue, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(SqlText.LockMessages).With(_tenant).With(queue.Value).With(Guids(ids)).With(now.Utc());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<MessageState>(ids.Length);
        while (await reader.ReadAsync(cancellationToken))
        {
            ClaimId? claim = reader.IsDBNull(1) ? null : new ClaimId(reader.GetGuid(1));
            found.Add(new MessageState(new MessageId(reader.GetGuid(0)), claim, reader.GetInt64(2), reader.GetInt32(3), reader.Time(4), reader.Time(5)));
        }
        return found;
    }

    public async ValueTask<ClaimState?> LockClaim(QueueName queue, ClaimId claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(SqlText.LockClaim).With(_tenant).With(queue.Value).With(claim.Value).With(now.Utc());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Reads.Claim(reader) : null;
    }

    public async ValueTask<IReadOnlyList<MessageView>> ReadMessages(QueueName queue, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(SqlText.ReadMessages).With(_tenant).With(queue.Value).With(Guids(ids)).With(now.Utc());
        return await Reads.Messages(command, ids.Length, cancellationToken);
    }

    public async ValueTask<ExpiredSet> LockExpired(ExpiredSet candidates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var messages = candidates.Messages.Length == 0 ? [] : await LockIds(SqlText.LockExpiredMessages, candidates.Queue, Guids(candidates.Messages), now, cancellationToken);
        var claims = candidates.Claims.Length == 0 ? [] : await LockIds(SqlText.LockExpiredClaims, candidates.Queue, Array.ConvertAll(candidates.Claims, c => c.Value), now, cancellationToken);
        return candidates with
        {
            Messages = Array.ConvertAll(messages, g => new MessageId(g)),
            Claims = Array.ConvertAll(claims, g => new ClaimId(g)),
        };
    }

    public async ValueTask Append(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
    {
        var n = events.Count;
        var queues = new string[n];
        var ids = new Guid[n];
        var types = new string[n];
        var data = new string[n];
        var bodies = new byte[]?[n];
        var created = new DateTime[n];
        for (var i = 0; i < n; i++)
        {
            var stored = EventSerializer.Serialize(events[i].Event);
            queues[i] = events[i].Queue.Value;
            (ids[i], types[i], data[i], bodies[i]) = (stored.EventId, stored.Type, stored.Data, stored.Body);
            created[i] = events[i].Event.At.Utc();
        }
        await using var command = Command(SqlText.AppendEvents)
            .With(_tenant).With(queues).With(ids).With(types)
            .With(data, NpgsqlDbType.Array | NpgsqlDbType.Jsonb).With(bodies, NpgsqlDbType.Array | NpgsqlDbType.Bytea).With(created);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another command created the same queue (or re-sent the same events) and committed first.
            throw new StreamConflictException($"Append conflict on {e.TableName}.", e);
        }
    }

    public async ValueTask Commit(CancellationToken cancellationToken) => await transaction.CommitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private NpgsqlCommand Command(string sql) => connection.Command(sql, transaction);

    private async ValueTask<Guid[]> LockIds(string sql, QueueName queue, Guid[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(sql).With(_tenant).With(queue.Value).With(ids).With(now.Utc());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<Guid>(ids.Length);
        while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetGuid(0));
        return [.. found];
    }

    private static Guid[] Guids(MessageId[] ids) => Array.ConvertAll(ids, i => i.Value);
}
