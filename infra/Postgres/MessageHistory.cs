using Npgsql;

namespace Sluice.Infra.Postgres;

/// <summary>One event in a message's life, as stored: its type, queue, time and data.</summary>
public sealed record HistoryEvent(string Type, string Queue, DateTimeOffset Created, string Data);

/// <summary>Reads the events that shaped one message (Migrations/0006), oldest first; empty if it was never posted.</summary>
public sealed class MessageHistory(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<HistoryEvent>> Read(string tenant, Guid message, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.MessageHistory).With(tenant).With(message);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var events = new List<HistoryEvent>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new HistoryEvent(reader.GetString(0), reader.GetString(1), reader.Time(2), reader.GetString(3)));
        }
        return events;
    }
}
