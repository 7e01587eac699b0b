namespace Sluice.Domain.Subscriptions;

/// <summary>Opaque subscription id; the list marker, so version-7 GUIDs list in creation order.</summary>
public readonly record struct SubscriptionId(Guid Value)
{
    public static SubscriptionId New() => new(Guid.CreateVersion7());

    public static bool TryParse(ReadOnlySpan<char> text, out SubscriptionId id)
    {
        var ok = Guid.TryParseExact(text, "D", out var g);
        id = new SubscriptionId(g);
        return ok;
    }

    public override string ToString() => Value.ToString("D");
}
