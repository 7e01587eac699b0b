using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Claims;

/// <summary>DELETE /v2/queues/{q}/claims/{cid}: its messages are free at once and keep their place (§6.4).</summary>
public sealed record ReleaseClaimCommand(TenantId Tenant, QueueName Queue, ClaimId? Claim) : ICommand;

public sealed class ReleaseClaimHandler(IQueueStore store, TimeProvider clock) : ICommandHandler<ReleaseClaimCommand>
{
    public async ValueTask<Unit> Handle(ReleaseClaimCommand command, CancellationToken cancellationToken)
    {
        if (command.Claim is not { } id) return Unit.Value;
        var now = clock.GetUtcNow();
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var claim = await session.LockClaim(command.Queue, id, now, cancellationToken);
        await session.Commit(command.Queue, ClaimDecider.Release(claim, now), cancellationToken);
        return Unit.Value;
    }
}
