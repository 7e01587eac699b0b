using Npgsql;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Subscriptions;
using Sluice.Domain.Tenancy;

namespace Sluice.Infra.Postgres;

/// <summary>
/// One command's transaction on locked state: the loads that lock what the decision reads (BEGIN rides on the first),
/// then the append with COMMIT in the same batch. Every statement is scoped by the session's tenant.
/// </summary>
internal sealed class PostgresQueueSession(NpgsqlConnection connection, NpgsqlTransaction transaction, TenantId tenant, QueueCache cache, QueueHeads heads) : IQueueSession
{
    private readonly string _tenant = tenant.Value;


    public async ValueTask<QueueState> LoadQueue(QueueName queue, bool exclusive, CancellationToken cancellationToken)
    {
        await using var command = Command(exclusive ? SqlText.LoadQueueExclusive : SqlText.LoadQueueShared).With(_tenant).With(queue.Value);
        return Saw(queue, QueueStates.From(await command.ExecuteScalarAsync(cancellationToken) as string));
    }

    public async ValueTask<bool> RememberIdempotencyKey(
        QueueName queue, string key, byte[] requestHash, MessageId[] ids, DateTimeOffset now, DateTimeOffset expires, CancellationToken cancellationToken)
    {
        await using var command = Command(SqlText.RememberIdempotencyKey)
            .With(_tenant).With(queue.Value).With(key).With(requestHash).With(Guids(ids)).With(now.Utc()).With(expires.Utc());
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async ValueTask<(QueueState Queue, IReadOnlyList<MessageState> Messages)> LockClaimable(
        QueueName queue, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        heads.Touch(tenant, queue);
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SqlText.LoadQueueShared).With(_tenant).With(queue.Value));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SqlText.LockClaimable).With(_tenant).With(queue.Value).With(now.Utc()).With(limit));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var state = QueueStates.From(await reader.ReadAsync(cancellationToken) ? reader.GetString(0) : null);
        await reader.NextResultAsync(cancellationToken);
        var found = new List<MessageState>(limit);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new MessageState(new MessageId(reader.GetGuid(0)), null, reader.GetInt64(1), reader.GetInt32(2), reader.Time(3), reader.Time(4)));
        }
        return (Saw(queue, state), found);
    }

    public async ValueTask<IReadOnlyList<MessageState>> LockMessages(QueueName queue, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        heads.Touch(tenant, queue);
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

    public ValueTask<ClaimState?> LockClaim(QueueName queue, ClaimId claim, DateTimeOffset now, CancellationToken cancellationToken) =>
        Claim(SqlText.LockClaim, queue, claim, now, cancellationToken);

    public ValueTask<ClaimState?> ReadClaim(QueueName queue, ClaimId claim, DateTimeOffset now, CancellationToken cancellationToken) =>
        Claim(SqlText.GetClaim, queue, claim, now, cancellationToken);

    public async ValueTask<IReadOnlyList<Subscription>> LoadSubscriptions(QueueName queue, CancellationToken cancellationToken)
    {
        await using var command = Command(SqlText.LoadSubscriptions).With(_tenant).With(queue.Value);
        return await Reads.Subscriptions(command, 4, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<MessageView>> ReadMessages(QueueName queue, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(SqlText.ReadMessages).With(_tenant).With(queue.Value).With(Guids(ids)).With(now.Utc());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await Reads.Messages(reader, ids.Length, cancellationToken);
    }

    public async ValueTask<ExpiredSet> LockExpired(ExpiredSet candidates, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Claims before messages (README "Lock order"): the messages statement also locks those the claims hold.
        var queue = candidates.Queue.Value;
        Guid[] claims = [];
        if (candidates.Claims.Length > 0)
        {
            await using var lockClaims = Command(SqlText.LockExpiredClaims).With(_tenant).With(queue).With(Array.ConvertAll(candidates.Claims, c => c.Value)).With(now.Utc());
            claims = await Ids(lockClaims, cancellationToken);
        }
        Guid[] messages = [];
        if (candidates.Messages.Length > 0 || claims.Length > 0)
        {
            await using var lockMessages = Command(SqlText.LockExpiredMessages).With(_tenant).With(queue).With(Guids(candidates.Messages)).With(now.Utc()).With(claims);
            messages = await Ids(lockMessages, cancellationToken);
        }
        return candidates with
        {
            Messages = Array.ConvertAll(messages, g => new MessageId(g)),
            Claims = Array.ConvertAll(claims, g => new ClaimId(g)),
        };
    }

    public async ValueTask Commit(IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
    {
        await using var batch = Append(events);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SqlText.Commit));
        await EventRows.Execute(async () => await batch.ExecuteNonQueryAsync(cancellationToken));
    }

    public async ValueTask<IReadOnlyList<MessageView>> CommitAndRead(
        IReadOnlyList<StreamEvent> events, QueueName queue, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = Append(events);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SqlText.ReadMessages).With(_tenant).With(queue.Value).With(Guids(ids)).With(now.Utc()));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SqlText.Commit));
        return await EventRows.Execute(async () =>
        {
            // The reader opens on the append's answer (no rows: no event id refused), then the read.
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await reader.NextResultAsync(cancellationToken);
            var read = await Reads.Messages(reader, ids.Length, cancellationToken);
            while (await reader.NextResultAsync(cancellationToken)) { } // through the COMMIT, so its errors surface here
            return read;
        });
    }

    public async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }

    private NpgsqlBatch Append(IReadOnlyList<StreamEvent> events)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        var append = new NpgsqlBatchCommand(SqlText.AppendEvents);
        EventRows.Bind(append.Parameters, tenant, events, Guid.CreateVersion7());
        batch.BatchCommands.Add(append);
        return batch;
    }

    private QueueState Saw(QueueName queue, QueueState state)
    {
        cache.Saw(tenant, queue, state);
        return state;
    }

    private NpgsqlCommand Command(string sql) => connection.Command(sql, transaction);

    private static async ValueTask<Guid[]> Ids(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetGuid(0));
        return [.. found];
    }

    private async ValueTask<ClaimState?> Claim(string sql, QueueName queue, ClaimId claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = Command(sql).With(_tenant).With(queue.Value).With(claim.Value).With(now.Utc());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Reads.Claim(reader) : null;
    }

    private static Guid[] Guids(MessageId[] ids) => Array.ConvertAll(ids, i => i.Value);
}
