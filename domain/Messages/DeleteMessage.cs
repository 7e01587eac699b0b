using Mediator;
using Sluice.Domain.Claims;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Messages;

/// <summary>DELETE /v2/queues/{q}/messages/{id}[?claim_id=]: the claim rules of §5.6.</summary>
public sealed record DeleteMessageCommand(TenantId Tenant, QueueName Queue, MessageId? Message, ClaimArgument Claim)
    : ICommand<Outcome<bool>>;

public sealed class DeleteMessageHandler(IQueueStore store, TimeProvider clock) : ICommandHandler<DeleteMessageCommand, Outcome<bool>>
{
    public async ValueTask<Outcome<bool>> Handle(DeleteMessageCommand command, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // The usual case, a consumer deleting what its claim holds, is one round trip; anything else (no such message,
        // another claim, none) is decided on the locked message below.
        if (command.Message is { } target && command.Claim.Id is { } holder
            && await store.DeleteFound(command.Tenant, command.Queue, [target], holder, MessageDecider.DeleteHeld(holder, now), cancellationToken) == 1)
        {
            return true;
        }
        await using var session = await store.Begin(command.Tenant, cancellationToken);
        MessageState? message = null;
        if (command.Message is { } id)
        {
            var found = await session.LockMessages(command.Queue, [id], now, cancellationToken);
            message = found.Count > 0 ? found[0] : null;
        }
        // Only a refusal reads the named claim, so it is not locked: a lock taken after the message's would go
        // against the lock order (README "Lock order").
        ClaimState? named = null;
        if (message?.Claim is { } held && command.Claim.Id is { } given && given != held)
        {
            named = await session.ReadClaim(command.Queue, given, now, cancellationToken);
        }
        var decision = MessageDecider.Delete(message, command.Claim, named, now);
        if (decision.Refused is { } refusal) return refusal;
        await session.Commit(command.Queue, decision.Events, cancellationToken);
        return decision.Value;
    }
}
