using System.Text.Json.Nodes;
using Npgsql;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Subscriptions;
using Sluice.Domain.Tenancy;

namespace Sluice.Infra.Postgres;

/// <summary>Reads of the projections, each one statement (or one batch) outside any command's transaction.</summary>
public sealed class PostgresQueueReader(NpgsqlDataSource dataSource) : IQueueReader
{
    public async ValueTask<QueueState> GetQueue(TenantId tenant, QueueName queue, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.GetQueue).With(tenant.Value).With(queue.Value);
        return QueueStates.From(await command.ExecuteScalarAsync(cancellationToken) as string);
    }

    public async ValueTask<QueuePage> ListQueues(TenantId tenant, QueueFilter filter, CancellationToken cancellationToken)
    {
        var contains = new JsonObject();
        foreach (var (key, value) in filter.MetadataEquals)
        {
            contains[key] = long.TryParse(value, out var n) ? JsonValue.Create(n) : JsonValue.Create(value);
        }
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(SqlText.ListQueues)
            .With(tenant.Value).With(filter.Marker ?? "").With(filter.NameContains).With(contains.ToJsonString()).With(filter.Limit));
        if (filter.WithCount) batch.BatchCommands.Add(new NpgsqlBatchCommand(SqlText.CountQueues).With(tenant.Value));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var queues = new List<QueueListing>(filter.Limit);
        while (await reader.ReadAsync(cancellationToken))
        {
            queues.Add(new QueueListing(new QueueName(reader.GetString(0)), QueueMetadata.FromStored(reader.GetString(1))));
        }
        long? count = null;
        if (filter.WithCount && await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken))
        {
            count = reader.GetInt64(0);
        }
        return new QueuePage(queues, count);
    }

    public async ValueTask<QueueStats> Stats(TenantId tenant, QueueName queue, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var sql in (string[])[SqlText.QueueStats, SqlText.QueueOldest, SqlText.QueueNewest])
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql).With(tenant.Value).With(queue.Value).With(now.Utc()));
        }
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (claimed, delayed, total) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        var oldest = await Summary(reader, cancellationToken);
        var newest = await Summary(reader, cancellationToken);
        return new QueueStats(claimed, total - claimed, delayed, oldest, newest);
    }

    public async ValueTask<IReadOnlyList<MessageView>> ListMessages(
        TenantId tenant, QueueName queue, MessageFilter filter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.ListMessages)
            .With(tenant.Value).With(queue.Value).With(filter.After?.Position ?? 0L).With(now.Utc())
            .With(filter.IncludeClaimed).With(filter.IncludeDelayed).With(filter.ExcludeClientId).With(filter.Limit)
            .With(filter.After?.Item ?? 0);
        return await Reads.Messages(command, filter.Limit, cancellationToken);
    }

    public async ValueTask<IReadOnlyList<MessageView>> GetMessages(
        TenantId tenant, QueueName queue, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.ReadMessages)
            .With(tenant.Value).With(queue.Value).With(Array.ConvertAll(ids, i => i.Value)).With(now.Utc());
        return await Reads.Messages(command, ids.Length, cancellationToken);
    }

    public async ValueTask<ClaimView?> GetClaim(TenantId tenant, QueueName queue, ClaimId claim, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for the claim and its messages, so a renewal or release between the two reads cannot mix.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        ClaimState? state;
        await using (var command = connection.Command(SqlText.GetClaim, transaction).With(tenant.Value).With(queue.Value).With(claim.Value).With(now.Utc()))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            state = await reader.ReadAsync(cancellationToken) ? Reads.Claim(reader) : null;
        }
        if (state is null) return null;
        await using var read = connection.Command(SqlText.ReadClaimMessages, transaction).With(tenant.Value).With(queue.Value).With(claim.Value).With(now.Utc());
        return new ClaimView(state, await Reads.Messages(read, 10, cancellationToken));
    }

    public async ValueTask<Subscription?> GetSubscription(
        TenantId tenant, QueueName queue, SubscriptionId id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.GetSubscription).With(tenant.Value).With(queue.Value).With(id.Value).With(now.Utc());
        return (await Reads.Subscriptions(command, 1, cancellationToken)) is [var found] ? found : null;
    }

    public async ValueTask<IReadOnlyList<Subscription>> ListSubscriptions(
        TenantId tenant, QueueName queue, SubscriptionId? after, int limit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.ListSubscriptions)
            .With(tenant.Value).With(queue.Value).With(after?.Value ?? Guid.Empty).With(now.Utc()).With(limit);
        return await Reads.Subscriptions(command, limit, cancellationToken);
    }

    public async ValueTask<bool> Ping(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = dataSource.CreateCommand(SqlText.Ping);
            return await command.ExecuteScalarAsync(cancellationToken) is 1;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static async ValueTask<MessageSummary?> Summary(NpgsqlDataReader reader, CancellationToken cancellationToken) =>
        await reader.NextResultAsync(cancellationToken) && await reader.ReadAsync(cancellationToken)
            ? new MessageSummary(new MessageId(reader.GetGuid(0)), reader.Time(1))
            : null;
}
