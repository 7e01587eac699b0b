using Mediator;
using Sluice.Domain.Claims;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Messages;

/// <summary>DELETE /v2/queues/{q}/messages?pop=n: the popped messages with the claim that took them.</summary>
public sealed record PopMessagesCommand(TenantId Tenant, QueueName Queue, int Limit) : ICommand<PopResult>;

public sealed record PopResult(ClaimId? Claim, IReadOnlyList<MessageView> Messages);

public sealed class PopMessagesHandler(IQueueStore store, TimeProvider clock, Limits limits)
    : ICommandHandler<PopMessagesCommand, PopResult>
{
    public async ValueTask<PopResult> Handle(PopMessagesCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var (_, candidates) = await session.LockClaimable(command.Queue, command.Limit, now, cancellationToken);
        if (candidates.Count == 0) return new PopResult(null, []);
        var ids = new MessageId[candidates.Count];
        for (var i = 0; i < ids.Length; i++) ids[i] = candidates[i].Id;
        // Bodies are read inside the transaction, before the delete removes the rows.
        var views = await session.ReadMessages(command.Queue, ids, now, cancellationToken);
        var decision = MessageDecider.Pop(candidates, ClaimId.New(), limits, now);
        await session.Commit(command.Queue, decision.Events, cancellationToken);
        return new PopResult(decision.Value, views);
    }
}
