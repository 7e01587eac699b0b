using Sluice.Domain.Claims;
using Sluice.Domain.Queues;

namespace Sluice.Domain.Messages;

/// <summary>
/// What decisions read of a message. <see cref="Claim"/> is set only while the claim is live: an expired claim
/// is the same as none (contract §8 item 6), which the store enforces when it loads the state.
/// </summary>
public sealed record MessageState(MessageId Id, ClaimId? Claim, long ClaimCount, int Ttl, DateTimeOffset Created, DateTimeOffset Expires)
{
    public static MessageState Evolve(MessageState state, QueueEvent @event) => @event switch
    {
        QueueEvent.MessagesClaimed e when Array.IndexOf(e.Messages, state.Id) >= 0 => Extend(state, e.Ttl, e.Grace, e.At) with
        {
            Claim = e.Claim,
            ClaimCount = e.Counted ? state.ClaimCount + 1 : state.ClaimCount,
        },
        QueueEvent.ClaimRenewed e when state.Claim == e.Claim => Extend(state, e.Ttl, e.Grace, e.At),
        QueueEvent.ClaimReleased e when state.Claim == e.Claim => state with { Claim = null },
        QueueEvent.MessagesDeadLettered e when Array.IndexOf(e.Messages, state.Id) >= 0 => e.Ttl is { } ttl
            ? state with { Claim = null, Ttl = ttl, Expires = e.At.AddSeconds(ttl) }
            : state with { Claim = null },
        _ => state,
    };

    /// <summary>
    /// A message that would expire before the claim does lives on until claim expiry + grace (§6.1, §6.3); the ttl it
    /// reads is capped at int's range, as the projection's column is.
    /// </summary>
    private static MessageState Extend(MessageState state, int ttl, int grace, DateTimeOffset at)
    {
        var claimExpires = at.AddSeconds(ttl);
        return state.Expires < claimExpires
            ? state with { Ttl = (int)Math.Min((long)ttl + grace, int.MaxValue), Expires = claimExpires.AddSeconds(grace) }
            : state;
    }
}
