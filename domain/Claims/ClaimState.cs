namespace Sluice.Domain.Claims;

/// <summary>A live claim. A claim that expired or was released is not loaded at all.</summary>
public sealed record ClaimState(ClaimId Id, int Ttl, int Grace, DateTimeOffset Updated)
{
    public DateTimeOffset Expires => Updated.AddSeconds(Ttl);
}
