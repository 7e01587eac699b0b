using Sluice.Domain.Queues;

namespace Sluice.Domain.Claims;

/// <summary>A live claim. A claim that expired or was released is not loaded at all.</summary>
public sealed record ClaimState(ClaimId Id, int Ttl, int Grace, DateTimeOffset Updated)
{
    public DateTimeOffset Expires => Updated.AddSeconds(Ttl);

    public static ClaimState? Evolve(ClaimState? state, QueueEvent @event) => @event switch
    {
        QueueEvent.MessagesClaimed e => new ClaimState(e.Claim, e.Ttl, e.Grace, e.At),
        QueueEvent.ClaimRenewed e when state?.Id == e.Claim => state with { Ttl = e.Ttl, Grace = e.Grace, Updated = e.At },
        QueueEvent.ClaimReleased e when state?.Id == e.Claim => null,
        _ => state,
    };
}
