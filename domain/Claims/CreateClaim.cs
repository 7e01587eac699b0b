using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Claims;

/// <summary>POST /v2/queues/{q}/claims: the claim and its messages, or null when nothing was claimable (204).</summary>
public sealed record CreateClaimCommand(TenantId Tenant, QueueName Queue, int Limit, long Ttl, long Grace)
    : ICommand<Outcome<ClaimView?>>;

public sealed class CreateClaimHandler(IQueueStore store, TimeProvider clock, Limits limits)
    : ICommandHandler<CreateClaimCommand, Outcome<ClaimView?>>
{
    public async ValueTask<Outcome<ClaimView?>> Handle(CreateClaimCommand command, CancellationToken cancellationToken)
    {
        if (ClaimDecider.ValidateCreate(command.Ttl, command.Grace, limits) is { } refusal) return refusal;
        var now = clock.GetUtcNow();
        var claim = new ClaimState(ClaimId.New(), (int)command.Ttl, (int)command.Grace, now);
        // A queue seen before that dead-letters nothing: claimed in one round trip, checked against the queue's row.
        if (await store.PeekQueue(command.Tenant, command.Queue, cancellationToken) is QueueState.Existing seen
            && ClaimDecider.ClaimAll(seen.Metadata.Settings(limits), claim.Id, claim.Ttl, claim.Grace, now) is { } all)
        {
            var claimed = await store.ClaimIfUnchanged(command.Tenant, command.Queue, seen, all, command.Limit, cancellationToken);
            if (claimed is not null) return claimed.Count == 0 ? (ClaimView?)null : new ClaimView(claim, claimed);
        }
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var (queue, candidates) = await session.LockClaimable(command.Queue, command.Limit, now, cancellationToken);
        if (queue is QueueState.Missing || candidates.Count == 0) return (ClaimView?)null;
        var settings = queue.MetadataOrEmpty.Settings(limits);
        // A queue that names itself as its DLQ exists already: moving there must not create it again.
        var dlq = !settings.DeadLettering ? QueueState.Missing.Instance
            : settings.DeadLetterQueue == command.Queue ? queue
            : await session.LoadQueue(settings.DeadLetterQueue!.Value, exclusive: false, cancellationToken);
        var decision = ClaimDecider.Claim(settings, dlq, candidates, claim.Id, claim.Ttl, claim.Grace, now, out var createDlq);
        if (decision.Events.Length == 0) return (ClaimView?)null;
        var events = new List<StreamEvent>(3);
        if (createDlq is { } created) events.Add(created);
        foreach (var e in decision.Events) events.Add(new StreamEvent(command.Queue, e));
        var messages = await session.CommitAndRead(events, command.Queue, decision.Value!, now, cancellationToken);
        return messages.Count == 0 ? (ClaimView?)null : new ClaimView(claim, messages);
    }
}
