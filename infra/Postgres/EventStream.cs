using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Npgsql;

namespace Sluice.Infra.Postgres;

/// <summary>
/// A place in a stream: after the event written by transaction <paramref name="Transaction"/> at
/// <paramref name="Position"/>. Opaque to clients (base64url of "transaction.position").
/// </summary>
[StructLayout(LayoutKind.Auto)]
public readonly record struct StreamCursor(ulong Transaction, long Position)
{
    public static readonly StreamCursor Start = new(0, 0);

    public override string ToString()
    {
        var text = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Transaction}.{Position}"));
        return Base64Url.EncodeToString(text);
    }

    public static bool TryParse(string? value, out StreamCursor cursor)
    {
        cursor = Start;
        // TryDecodeFromChars throws on characters outside the alphabet; IsValid is the check that does not.
        if (string.IsNullOrEmpty(value) || value.Length > 64 || !Base64Url.IsValid(value)) return false;
        Span<byte> bytes = stackalloc byte[64];
        if (!Base64Url.TryDecodeFromChars(value, bytes, out var written)) return false;
        var text = Encoding.ASCII.GetString(bytes[..written]);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || !ulong.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var transaction)
            || !long.TryParse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var position)) return false;
        cursor = new StreamCursor(transaction, position);
        return true;
    }
}

/// <summary>One event as a stream reader sees it. <see cref="Body"/> is the raw JSON of a posted message.</summary>
public sealed record StreamEntry(
    StreamCursor Cursor, string Type, string Queue, DateTimeOffset Created, Guid EventId, string Data, byte[]? Body);

/// <summary>A page of a stream; <see cref="HeldBack"/>: newer events exist but wait for an older transaction to end.</summary>
public sealed record StreamPage(IReadOnlyList<StreamEntry> Events, bool HeldBack);

/// <summary>Reads the ordered event streams of a queue or of a whole tenant (Migrations/0004).</summary>
public sealed class EventStream(NpgsqlDataSource dataSource)
{
    public async Task<StreamPage> Read(string tenant, string? queue, StreamCursor after, int limit, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var read = new NpgsqlBatchCommand(queue is null ? SqlText.ReadTenantEvents : SqlText.ReadQueueEvents);
        var pending = new NpgsqlBatchCommand(queue is null ? SqlText.PendingTenantEvents : SqlText.PendingQueueEvents);
        foreach (var command in (NpgsqlBatchCommand[])[read, pending])
        {
            command.With(tenant);
            if (queue is not null) command.With(queue);
            command.With(after.Transaction.ToString(CultureInfo.InvariantCulture)).With(after.Position);
        }
        read.With(limit);
        batch.BatchCommands.Add(read);
        batch.BatchCommands.Add(pending);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var events = new List<StreamEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var cursor = new StreamCursor(ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetInt64(1));
            events.Add(new StreamEntry(cursor, reader.GetString(2), reader.GetString(3), reader.Time(4), reader.GetGuid(5),
                reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetFieldValue<byte[]>(7)));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new StreamPage(events, reader.GetBoolean(0));
    }
}
