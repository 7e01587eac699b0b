using Mediator;
using Sluice.Domain.Ports;

namespace Sluice.Functions.Http;

/// <summary>
/// Runs a command again when its append lost a race to one that committed first (two posts creating the same
/// queue). The losing transaction rolled back, so the retry decides on fresh state.
/// </summary>
internal sealed class RetryOnConflictBehavior<TMessage, TResponse> : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private const int Attempts = 3;

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await next(message, cancellationToken);
            }
            catch (StreamConflictException) when (attempt < Attempts)
            {
            }
        }
    }
}
