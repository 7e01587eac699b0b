namespace Sluice.Domain.Claims;

/// <summary>A live claim. A claim that expired, was released or holds no message any more is not loaded at all.</summary>
public sealed record ClaimState(ClaimId Id, int Ttl, int Grace, DateTimeOffset Updated)
{
    public DateTimeOffset Expires => Updated.AddSeconds(Ttl);
}
