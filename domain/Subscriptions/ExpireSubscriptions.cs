using Mediator;
using Sluice.Domain.Ports;

namespace Sluice.Domain.Subscriptions;

/// <summary>
/// Deletes subscriptions past their ttl that owe no more deliveries, a batch at a time (DESIGN §8: reads already hide
/// them). Answers how many it deleted.
/// </summary>
public sealed record ExpireSubscriptionsCommand(int BatchSize) : ICommand<int>;

public sealed class ExpireSubscriptionsHandler(IQueueStore store, TimeProvider clock) : ICommandHandler<ExpireSubscriptionsCommand, int>
{
    public async ValueTask<int> Handle(ExpireSubscriptionsCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = 0;
        foreach (var (tenant, queue, ids) in await store.FindExpiredSubscriptions(now, command.BatchSize, cancellationToken))
        {
            await using var session = await store.Begin(tenant, cancellationToken);
            var events = SubscriptionDecider.Expire(await session.LoadSubscriptions(queue, cancellationToken), ids, now);
            await session.Commit(queue, events, cancellationToken);
            expired += events.Length;
        }
        return expired;
    }
}
