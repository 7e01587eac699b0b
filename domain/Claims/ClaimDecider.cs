using Sluice.Domain.Messages;
using Sluice.Domain.Queues;

namespace Sluice.Domain.Claims;

/// <summary>Claim decisions (contract §6, §7.2).</summary>
public static class ClaimDecider
{
    public static Refusal? ValidateCreate(long ttl, long grace, Limits limits)
    {
        if (ttl < Limits.MinClaimTtl || ttl > limits.MaxClaimTtl) return new Refusal(Rejection.ClaimTtlOutOfRange);
        if (grace < Limits.MinClaimGrace || grace > limits.MaxClaimGrace) return new Refusal(Rejection.ClaimGraceOutOfRange);
        return null;
    }

    /// <summary>
    /// Claims the candidates (oldest free first, locked by the store). With dead-lettering on, a candidate already
    /// claimed <c>_max_claim_count</c> times moves to the dead-letter queue instead (created there if missing).
    /// Events go to the source queue's stream, and to the DLQ's when it must be created.
    /// </summary>
    public static Decision<MessageId[]> Claim(
        QueueSettings settings, QueueState deadLetterQueue, IReadOnlyList<MessageState> candidates,
        ClaimId claim, int ttl, int grace, DateTimeOffset now, out StreamEvent? createDeadLetterQueue)
    {
        createDeadLetterQueue = null;
        List<MessageId>? moved = null;
        var claimed = new List<MessageId>(candidates.Count);
        foreach (var m in candidates)
        {
            if (settings.DeadLettering && m.ClaimCount >= settings.MaxClaimCount) (moved ??= []).Add(m.Id);
            else claimed.Add(m.Id);
        }
        var events = new List<QueueEvent>(2);
        if (moved is not null)
        {
            var target = settings.DeadLetterQueue!.Value;
            if (deadLetterQueue is QueueState.Missing)
            {
                createDeadLetterQueue = new StreamEvent(target, new QueueEvent.QueueCreated(QueueMetadata.Empty, now));
            }
            events.Add(new QueueEvent.MessagesDeadLettered(target, [.. moved], settings.DeadLetterTtl, now));
        }
        MessageId[] ids = [.. claimed];
        if (ids.Length > 0) events.Add(new QueueEvent.MessagesClaimed(claim, ids, ttl, grace, settings.DeadLettering, now));
        return new Decision<MessageId[]>(ids, [.. events]);
    }

    /// <summary>
    /// The claim of a queue that dead-letters nothing, decided before its messages are known: every candidate is
    /// claimed and none is counted, so the store names them as it locks them. Null when the queue dead-letters.
    /// </summary>
    public static QueueEvent.MessagesClaimed? ClaimAll(QueueSettings settings, ClaimId claim, int ttl, int grace, DateTimeOffset now) =>
        settings.DeadLettering ? null : new QueueEvent.MessagesClaimed(claim, [], ttl, grace, false, now);

    /// <summary>Renewal restarts the claim at now with the new ttl and re-applies message extension (§6.3).</summary>
    public static Decision<bool> Renew(ClaimState? claim, long ttl, long grace, Limits limits, DateTimeOffset now)
    {
        // The body is judged before the claim is looked up, as Zaqar validates before it reaches storage.
        if (ttl < Limits.MinClaimTtl || ttl > limits.MaxClaimTtl) return new Refusal(Rejection.ClaimTtlOutOfRange);
        if (grace < 0 || grace > int.MaxValue) return new Refusal(Rejection.ClaimGraceOutOfRange);
        if (claim is null) return new Refusal(Rejection.ClaimNotFound);
        return new Decision<bool>(true, [new QueueEvent.ClaimRenewed(claim.Id, (int)ttl, (int)grace, now)]);
    }

    /// <summary>Releasing a missing or expired claim is a no-op (§6.4).</summary>
    public static QueueEvent[] Release(ClaimState? claim, DateTimeOffset now) =>
        claim is null ? [] : [new QueueEvent.ClaimReleased(claim.Id, now)];
}
