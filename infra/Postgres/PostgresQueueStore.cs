using Npgsql;
using NpgsqlTypes;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Subscriptions;
using Sluice.Domain.Tenancy;
using Sluice.Infra.Serialization;

namespace Sluice.Infra.Postgres;

/// <summary>The event store on PostgreSQL: one transaction per command, appends projected inline.</summary>
public sealed class PostgresQueueStore(NpgsqlDataSource dataSource, QueueHeads heads) : IQueueStore
{
    private readonly QueueCache _cache = new();

    public async ValueTask<IQueueSession> Begin(TenantId tenant, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            return new PostgresQueueSession(connection, transaction, tenant, _cache, heads);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public async ValueTask<QueueState> PeekQueue(TenantId tenant, QueueName queue, CancellationToken cancellationToken)
    {
        if (_cache.Get(tenant, queue) is { } seen) return seen;
        await using var command = dataSource.CreateCommand(SqlText.GetQueue).With(tenant.Value).With(queue.Value);
        var state = QueueStates.From(await command.ExecuteScalarAsync(cancellationToken) as string);
        _cache.Saw(tenant, queue, state);
        return state;
    }

    public async ValueTask<bool> AppendIfUnchanged(
        TenantId tenant, QueueName queue, QueueState.Existing expected, IReadOnlyList<StreamEvent> events, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.AppendEventsIfQueue);
        EventRows.Bind(command.Parameters, tenant, events, Guid.CreateVersion7());
        command.With(queue.Value).With(expected.Metadata.Json, NpgsqlTypes.NpgsqlDbType.Jsonb);
        if (await EventRows.Execute(async () => await command.ExecuteScalarAsync(cancellationToken)) is true) return true;
        _cache.Forget(tenant, queue);
        return false;
    }

    public async ValueTask<IReadOnlyList<MessageView>?> ClaimIfUnchanged(
        TenantId tenant, QueueName queue, QueueState.Existing expected, QueueEvent.MessagesClaimed claim, int limit, CancellationToken cancellationToken)
    {
        var stored = EventSerializer.Serialize(claim, claim.Claim.Value, 0);
        var now = claim.At.UtcDateTime;
        heads.Touch(tenant, queue);
        // One round trip: the statements of a batch outside a transaction run in one implicit transaction, so the read
        // sees the claim the first one projected, and nothing commits unless both succeed.
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SqlText.ClaimMessages)
            .With(tenant.Value).With(queue.Value).With(now).With(limit)
            .With(stored.EventId).With(stored.Type).With(stored.Data, NpgsqlDbType.Jsonb).With(expected.Metadata.Json, NpgsqlDbType.Jsonb));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SqlText.ReadClaimMessages).With(tenant.Value).With(queue.Value).With(claim.Claim.Value).With(now));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var unchanged = await reader.ReadAsync(cancellationToken) && reader.GetBoolean(0);
        await reader.NextResultAsync(cancellationToken);
        var messages = await Reads.Messages(reader, limit, cancellationToken);
        if (unchanged) return messages;
        _cache.Forget(tenant, queue);
        return null;
    }

    public async ValueTask<int> DeleteFound(
        TenantId tenant, QueueName queue, MessageId[] ids, ClaimId? heldBy, QueueEvent.MessagesDeleted deleted, CancellationToken cancellationToken)
    {
        var stored = EventSerializer.Serialize(deleted, Guid.CreateVersion7(), 0);
        heads.Touch(tenant, queue);
        await using var command = dataSource.CreateCommand(SqlText.DeleteMessages)
            .With(tenant.Value).With(queue.Value).With(Array.ConvertAll(ids, i => i.Value)).With(deleted.At.UtcDateTime)
            .With(stored.EventId).With(stored.Type).With(stored.Data, NpgsqlDbType.Jsonb).With(heldBy?.Value, NpgsqlDbType.Uuid);
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask<RememberedPost?> FindIdempotencyKey(
        TenantId tenant, QueueName queue, string key, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.FindIdempotencyKey).With(tenant.Value).With(queue.Value).With(key).With(now.Utc());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new RememberedPost(reader.GetFieldValue<byte[]>(0), Array.ConvertAll(reader.GetFieldValue<Guid[]>(1), g => new MessageId(g)));
    }

    public async ValueTask<int> ForgetIdempotencyKeys(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.ForgetIdempotencyKeys).With(now.Utc());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask<IReadOnlyList<(TenantId Tenant, QueueName Queue, SubscriptionId[] Ids)>> FindExpiredSubscriptions(
        DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.FindExpiredSubscriptions).With(now.Utc()).With(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<(TenantId, QueueName, SubscriptionId[])>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var ids = Array.ConvertAll(reader.GetFieldValue<Guid[]>(2), g => new SubscriptionId(g));
            found.Add((new TenantId(reader.GetString(0)), new QueueName(reader.GetString(1)), ids));
        }
        return found;
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
