using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Subscriptions;

/// <summary>
/// POST /v2/queues/{q}/subscriptions (§7.4): the new id, or the existing one for an unconfirmed subscriber. The body
/// was validated at the edge. Two concurrent posts of one subscriber collide on its unique key and the loser is decided
/// again, so it answers the winner's id.
/// </summary>
public sealed record CreateSubscriptionCommand(TenantId Tenant, QueueName Queue, string Subscriber, int Ttl, string Options)
    : ICommand<Outcome<SubscriptionId>>;

public sealed class CreateSubscriptionHandler(IQueueStore store, TimeProvider clock) : ICommandHandler<CreateSubscriptionCommand, Outcome<SubscriptionId>>
{
    public async ValueTask<Outcome<SubscriptionId>> Handle(CreateSubscriptionCommand command, CancellationToken cancellationToken)
    {
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var queue = await session.LoadQueue(command.Queue, exclusive: false, cancellationToken);
        var subscriptions = await session.LoadSubscriptions(command.Queue, cancellationToken);
        var decision = SubscriptionDecider.Create(
            queue, subscriptions, command.Subscriber, command.Ttl, command.Options, SubscriptionId.New(), clock.GetUtcNow());
        if (decision.Refused is { } refusal) return refusal;
        await session.Commit(command.Queue, decision.Events, cancellationToken);
        return decision.Value;
    }
}
