using System.Buffers.Text;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Ports;

/// <summary>The log as readers see it: typed events in stream order. The store's stored names and JSON stay below it.</summary>
public interface IEventLog
{
    /// <summary>
    /// A page of the queue's stream (or the tenant's, when <paramref name="queue"/> is null) after the cursor, only from
    /// transactions below the oldest one in flight (DESIGN §5).
    /// </summary>
    ValueTask<StreamPage> Read(TenantId tenant, QueueName? queue, StreamCursor after, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// The events that may concern the message, oldest first: its post, those naming it and those naming a claim that
    /// held it; possibly more than concern it (<see cref="Streams.MessageHistoryQuery"/> keeps those that do).
    /// </summary>
    ValueTask<IReadOnlyList<LoggedEvent>> Mentioning(TenantId tenant, MessageId message, CancellationToken cancellationToken);
}

/// <summary>An event as read back from the log: where it is in the stream, its queue, and the event.</summary>
public sealed record LoggedEvent(StreamCursor Cursor, QueueName Queue, QueueEvent Event);

/// <summary>A page of a stream; <see cref="HeldBack"/>: newer events exist but wait for an older transaction to end.</summary>
public sealed record StreamPage(IReadOnlyList<LoggedEvent> Events, bool HeldBack);

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
