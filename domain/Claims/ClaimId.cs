namespace Sluice.Domain.Claims;

/// <summary>Opaque claim id.</summary>
public readonly record struct ClaimId(Guid Value)
{
    public static ClaimId New() => new(Guid.CreateVersion7());

    public static bool TryParse(ReadOnlySpan<char> text, out ClaimId id)
    {
        var ok = Guid.TryParseExact(text, "D", out var g);
        id = new ClaimId(g);
        return ok;
    }

    public override string ToString() => Value.ToString("D");
}
