using Mediator;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Subscriptions;

/// <summary>PATCH /v2/queues/{q}/subscriptions/{id} (§7.4).</summary>
public sealed record UpdateSubscriptionCommand(TenantId Tenant, QueueName Queue, SubscriptionId Id, SubscriptionFields Fields)
    : ICommand<Outcome<SubscriptionId>>;

/// <summary>PUT /v2/queues/{q}/subscriptions/{id}/confirm (§7.4).</summary>
public sealed record ConfirmSubscriptionCommand(TenantId Tenant, QueueName Queue, SubscriptionId Id, bool Confirmed)
    : ICommand<Outcome<SubscriptionId>>;

/// <summary>DELETE /v2/queues/{q}/subscriptions/{id}: 204 whether or not it existed.</summary>
public sealed record DeleteSubscriptionCommand(TenantId Tenant, QueueName Queue, SubscriptionId Id) : ICommand;

public sealed class ChangeSubscriptionHandlers(IQueueStore store, TimeProvider clock) :
    ICommandHandler<UpdateSubscriptionCommand, Outcome<SubscriptionId>>,
    ICommandHandler<ConfirmSubscriptionCommand, Outcome<SubscriptionId>>,
    ICommandHandler<DeleteSubscriptionCommand>
{
    public ValueTask<Outcome<SubscriptionId>> Handle(UpdateSubscriptionCommand command, CancellationToken cancellationToken) =>
        Decide(command.Tenant, command.Queue, (s, now) => SubscriptionDecider.Update(s, command.Id, command.Fields, now), cancellationToken);

    public ValueTask<Outcome<SubscriptionId>> Handle(ConfirmSubscriptionCommand command, CancellationToken cancellationToken) =>
        Decide(command.Tenant, command.Queue, (s, now) => SubscriptionDecider.Confirm(s, command.Id, command.Confirmed, now), cancellationToken);

    public async ValueTask<Unit> Handle(DeleteSubscriptionCommand command, CancellationToken cancellationToken)
    {
        await Decide(command.Tenant, command.Queue,
            (s, now) => new Decision<SubscriptionId>(command.Id, SubscriptionDecider.Delete(s, command.Id, now)), cancellationToken);
        return Unit.Value;
    }

    private async ValueTask<Outcome<SubscriptionId>> Decide(
        TenantId tenant, QueueName queue, Func<IReadOnlyList<Subscription>, DateTimeOffset, Decision<SubscriptionId>> decide, CancellationToken cancellationToken)
    {
        await using var session = await store.Begin(tenant, cancellationToken);
        var decision = decide(await session.LoadSubscriptions(queue, cancellationToken), clock.GetUtcNow());
        if (decision.Refused is { } refusal) return refusal;
        await session.Commit(queue, decision.Events, cancellationToken);
        return decision.Value;
    }
}
