using Mediator;
using Sluice.Domain.Ports;

namespace Sluice.Domain.Messages;

/// <summary>Forgets the Idempotency-Keys whose window has ended; returns how many (part of the sweep job).</summary>
public sealed record ForgetIdempotencyKeysCommand : ICommand<int>;

public sealed class ForgetIdempotencyKeysHandler(IQueueStore store, TimeProvider clock) : ICommandHandler<ForgetIdempotencyKeysCommand, int>
{
    public async ValueTask<int> Handle(ForgetIdempotencyKeysCommand command, CancellationToken cancellationToken) =>
        await store.ForgetIdempotencyKeys(clock.GetUtcNow(), cancellationToken);
}
