using System.Globalization;
using Npgsql;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;
using Sluice.Infra.Serialization;

namespace Sluice.Infra.Postgres;

/// <summary>Reads the log back as typed events: the ordered streams (Migrations/0004) and a message's history (0006, 0015).</summary>
public sealed class PostgresEventLog(NpgsqlDataSource dataSource) : IEventLog
{
    public async ValueTask<StreamPage> Read(TenantId tenant, QueueName? queue, StreamCursor after, int limit, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var read = new NpgsqlBatchCommand(queue is null ? SqlText.ReadTenantEvents : SqlText.ReadQueueEvents);
        var pending = new NpgsqlBatchCommand(queue is null ? SqlText.PendingTenantEvents : SqlText.PendingQueueEvents);
        foreach (var command in (NpgsqlBatchCommand[])[read, pending])
        {
            command.With(tenant.Value);
            if (queue is { } q) command.With(q.Value);
            command.With(after.Transaction.ToString(CultureInfo.InvariantCulture)).With(after.Position);
        }
        read.With(limit);
        batch.BatchCommands.Add(read);
        batch.BatchCommands.Add(pending);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var events = await Events(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StreamPage(events, reader.GetBoolean(0));
    }

    public async ValueTask<IReadOnlyList<LoggedEvent>> Mentioning(TenantId tenant, MessageId message, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.MessageHistory).With(tenant.Value).With(message.Value);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await Events(reader, cancellationToken);
    }

    /// <summary>Columns: tx_id as text, position, type, queue_name, created, event_id, data as text, body.</summary>
    private static async ValueTask<List<LoggedEvent>> Events(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var events = new List<LoggedEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var cursor = new StreamCursor(ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetInt64(1));
            var stored = new StoredEvent(reader.GetGuid(5), reader.GetString(2), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<byte[]>(7));
            events.Add(new LoggedEvent(cursor, new QueueName(reader.GetString(3)), EventSerializer.Deserialize(stored, reader.Time(4))));
        }
        return events;
    }
}
