using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Claims;

/// <summary>PATCH /v2/queues/{q}/claims/{cid}.</summary>
public sealed record RenewClaimCommand(TenantId Tenant, QueueName Queue, ClaimId? Claim, long Ttl, long Grace) : ICommand<Outcome<bool>>;

public sealed class RenewClaimHandler(IQueueStore store, TimeProvider clock, Limits limits) : ICommandHandler<RenewClaimCommand, Outcome<bool>>
{
    public async ValueTask<Outcome<bool>> Handle(RenewClaimCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var claim = command.Claim is { } id ? await session.LockClaim(command.Queue, id, now, cancellationToken) : null;
        var decision = ClaimDecider.Renew(claim, command.Ttl, command.Grace, limits, now);
        if (decision.Refused is { } refusal) return refusal;
        await session.Commit(command.Queue, decision.Events, cancellationToken);
        return true;
    }
}
