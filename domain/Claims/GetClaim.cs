using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Claims;

/// <summary>GET /v2/queues/{q}/claims/{cid}: null when missing, expired or released (404).</summary>
public sealed record GetClaimQuery(TenantId Tenant, QueueName Queue, ClaimId Claim) : IQuery<ClaimView?>;

public sealed class GetClaimHandler(IQueueReader reader, TimeProvider clock) : IQueryHandler<GetClaimQuery, ClaimView?>
{
    public ValueTask<ClaimView?> Handle(GetClaimQuery query, CancellationToken cancellationToken) =>
        reader.GetClaim(query.Tenant, query.Queue, query.Claim, clock.GetUtcNow(), cancellationToken);
}
