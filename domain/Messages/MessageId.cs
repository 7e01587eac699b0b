namespace Sluice.Domain.Messages;

/// <summary>Opaque message id. Version-7 GUIDs keep index inserts near the right edge of the b-tree.</summary>
public readonly record struct MessageId(Guid Value)
{
    public static MessageId New() => new(Guid.CreateVersion7());

    /// <summary>An id stamped with <paramref name="at"/>: a post's ids share its time, so its event (whose id is its first
    /// message id) is found from any of them by that millisecond (Sql/message_history.sql).</summary>
    public static MessageId New(DateTimeOffset at) => new(Guid.CreateVersion7(at));

    public static bool TryParse(ReadOnlySpan<char> text, out MessageId id)
    {
        var ok = Guid.TryParseExact(text, "D", out var g);
        id = new MessageId(g);
        return ok;
    }

    public override string ToString() => Value.ToString("D");
}
