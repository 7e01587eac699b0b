using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;

namespace Sluice.Domain.Expiry;

/// <summary>
/// Appends the expiry of messages and claims whose time has passed and removes their rows, in batches (DESIGN §8).
/// Reads already hide them; this keeps the projections small. Answers how many messages and claims it expired.
/// </summary>
public sealed record SweepExpiredCommand(int BatchSize) : ICommand<int>;

public sealed class SweepExpiredHandler(IQueueStore store, TimeProvider clock) : ICommandHandler<SweepExpiredCommand, int>
{
    public async ValueTask<int> Handle(SweepExpiredCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var swept = 0;
        foreach (var set in await store.FindExpired(now, command.BatchSize, cancellationToken))
        {
            await using var session = await store.Begin(set.Tenant, cancellationToken);
            var expired = await session.LockExpired(set, now, cancellationToken);
            var events = ExpiryDecider.Expire(expired, now);
            await session.Commit(set.Queue, events, cancellationToken);
            swept += expired.Messages.Length + expired.Claims.Length;
        }
        return swept;
    }
}
