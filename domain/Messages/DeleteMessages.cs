using Mediator;
using Sluice.Domain.Claims;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Messages;

/// <summary>DELETE /v2/queues/{q}/messages?ids=: regardless of claims unless claim ids are required (§5.5).</summary>
public sealed record DeleteMessagesCommand(TenantId Tenant, QueueName Queue, MessageId[] Messages, ClaimId[]? RequiredClaims)
    : ICommand<Outcome<int>>;

public sealed class DeleteMessagesHandler(IQueueStore store, TimeProvider clock) : ICommandHandler<DeleteMessagesCommand, Outcome<int>>
{
    public async ValueTask<Outcome<int>> Handle(DeleteMessagesCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (command.RequiredClaims is null)
        {
            return await store.DeleteFound(command.Tenant, command.Queue, command.Messages, null, MessageDecider.DeleteFound(now), cancellationToken);
        }
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        var found = await session.LockMessages(command.Queue, command.Messages, now, cancellationToken);
        var decision = MessageDecider.DeleteMany(found, command.RequiredClaims, now);
        if (decision.Refused is { } refusal) return refusal;
        await session.Commit(command.Queue, decision.Events, cancellationToken);
        return decision.Value;
    }
}
