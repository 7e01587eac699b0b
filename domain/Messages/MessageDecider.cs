using Sluice.Domain.Claims;
using Sluice.Domain.Queues;

namespace Sluice.Domain.Messages;

/// <summary>
/// A message as posted, its body the raw JSON bytes the client sent; ttl/delay as given (null when absent).
/// <see cref="DelayNotInt"/>: a delay was given but is not an integer; refused by the decider, after the queue's size cap as in Zaqar.
/// </summary>
public sealed record NewMessage(ReadOnlyMemory<byte> Body, long? Ttl, long? Delay, bool DelayNotInt = false);

/// <summary>The claim id a caller named on a delete: none, one that does not parse, or an id.</summary>
public readonly record struct ClaimArgument(bool Given, ClaimId? Id)
{
    public static readonly ClaimArgument None = new(false, null);
    public static readonly ClaimArgument Malformed = new(true, null);
}

/// <summary>Message decisions (contract §5).</summary>
public static class MessageDecider
{
    /// <summary>
    /// Posting creates the queue when missing, checks the byte cap of the queue, then each message's ttl and
    /// delay (the queue's default delay, else none, for a message without one); all or nothing (§5.1).
    /// <paramref name="ids"/> are made by the handler, one per message.
    /// </summary>
    public static Decision<MessageId[]> Post(
        QueueState queue, IReadOnlyList<NewMessage> messages, MessageId[] ids, string clientId, long contentLength,
        Limits limits, DateTimeOffset now)
    {
        var settings = queue.MetadataOrEmpty.Settings(limits);
        if (contentLength > settings.MaxPostSize) return new Refusal(Rejection.MessagesTooLarge, settings.MaxPostSize.ToString());
        var posted = new PostedMessage[messages.Count];
        // A delay is honoured on every queue, not only on one with a default delay as in Zaqar (contract §5.1 "Ours").
        // Like Zaqar, every message's types are checked before any range.
        for (var i = 0; i < messages.Count; i++)
        {
            if (messages[i].DelayNotInt) return new Refusal(Rejection.MessageDelayNotInt);
        }
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var ttl = m.Ttl ?? settings.DefaultTtl;
            if (ttl < Limits.MinMessageTtl || ttl > limits.MaxMessageTtl) return new Refusal(Rejection.MessageTtlOutOfRange);
            var delay = m.Delay ?? settings.DefaultDelay ?? 0;
            if (delay < 0 || delay > limits.MaxMessageDelay) return new Refusal(Rejection.MessageDelayOutOfRange);
            posted[i] = new PostedMessage(ids[i], m.Body, (int)ttl, (int)delay);
        }
        var post = new QueueEvent.MessagesPosted(clientId, posted, now);
        return new Decision<MessageId[]>(ids, queue is QueueState.Missing ? [new QueueEvent.QueueCreated(QueueMetadata.Empty, now), post] : [post]);
    }

    /// <summary>Deleting one message enforces its claim (§5.6 table). A missing message is a no-op.</summary>
    public static Decision<bool> Delete(MessageState? message, ClaimArgument claim, ClaimState? namedClaim, DateTimeOffset now)
    {
        if (message is null) return new Decision<bool>(false, []);
        if (claim.Given && claim.Id is null) return new Refusal(Rejection.ClaimExpiredOrUnknown);
        if (!claim.Given)
        {
            return message.Claim is null
                ? new Decision<bool>(true, [new QueueEvent.MessagesDeleted([message.Id], null, now)])
                : new Refusal(Rejection.ClaimedWithoutClaimId);
        }
        if (message.Claim is null) return new Refusal(Rejection.NotClaimed);
        if (message.Claim == claim.Id) return new Decision<bool>(true, [new QueueEvent.MessagesDeleted([message.Id], claim.Id, now)]);
        return namedClaim is null ? new Refusal(Rejection.ClaimExpiredOrUnknown) : new Refusal(Rejection.ClaimedWithoutClaimId);
    }

    /// <summary>
    /// A bulk delete that requires no claim, decided before its messages are known: whatever is found unexpired is
    /// deleted, so the store names the messages as it locks them.
    /// </summary>
    public static QueueEvent.MessagesDeleted DeleteFound(DateTimeOffset now) => new([], null, now);

    /// <summary>
    /// A delete under the claim that holds the message (<see cref="Delete"/>'s one allowed case with a claim id), decided
    /// before the message is locked: the store deletes it only if <paramref name="claim"/> holds it live and names it as
    /// it locks it; anything else is decided by <see cref="Delete"/> on the locked message.
    /// </summary>
    public static QueueEvent.MessagesDeleted DeleteHeld(ClaimId claim, DateTimeOffset now) => new([], claim, now);

    /// <summary>
    /// Bulk delete by ids ignores claims (§5.5): see <see cref="DeleteFound"/>. Configured to require claim ids, each
    /// message must be held by one of them.
    /// </summary>
    public static Decision<int> DeleteMany(IReadOnlyList<MessageState> found, ClaimId[]? requiredClaims, DateTimeOffset now)
    {
        if (found.Count == 0) return new Decision<int>(0, []);
        var ids = new MessageId[found.Count];
        for (var i = 0; i < found.Count; i++)
        {
            if (requiredClaims is not null && (found[i].Claim is not { } c || Array.IndexOf(requiredClaims, c) < 0))
            {
                return new Refusal(Rejection.ClaimNotHeld);
            }
            ids[i] = found[i].Id;
        }
        return new Decision<int>(ids.Length, [new QueueEvent.MessagesDeleted(ids, null, now)]);
    }

    /// <summary>Pop claims and deletes the oldest free messages in one step (§5.5): a claim event, then the delete.</summary>
    public static Decision<ClaimId?> Pop(IReadOnlyList<MessageState> candidates, ClaimId claim, Limits limits, DateTimeOffset now)
    {
        if (candidates.Count == 0) return new Decision<ClaimId?>(null, []);
        var ids = new MessageId[candidates.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = candidates[i].Id;
        return new Decision<ClaimId?>(claim, [
            new QueueEvent.MessagesClaimed(claim, ids, limits.DefaultClaimTtl, limits.DefaultClaimGrace, false, now),
            new QueueEvent.MessagesDeleted(ids, claim, now),
        ]);
    }
}
