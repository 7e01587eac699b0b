using Sluice.Domain.Claims;

namespace Sluice.Domain.Messages;

/// <summary>
/// What decisions read of a message. <see cref="Claim"/> is set only while the claim is live: an expired claim
/// is the same as none (contract §8 item 6), which the store enforces when it loads the state.
/// </summary>
public sealed record MessageState(MessageId Id, ClaimId? Claim, long ClaimCount, int Ttl, DateTimeOffset Created, DateTimeOffset Expires);
