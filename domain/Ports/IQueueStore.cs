using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Ports;

/// <summary>The event store (port): opens one transaction per command for one tenant.</summary>
public interface IQueueStore
{
    ValueTask<IQueueSession> Begin(TenantId tenant, CancellationToken cancellationToken);

    /// <summary>Queues holding expired messages or claims, a bounded batch each; unlocked, a hint for the sweeper.</summary>
    ValueTask<IReadOnlyList<ExpiredSet>> FindExpired(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}

/// <summary>Expired messages and claims of one queue.</summary>
public sealed record ExpiredSet(TenantId Tenant, QueueName Queue, MessageId[] Messages, ClaimId[] Claims);
