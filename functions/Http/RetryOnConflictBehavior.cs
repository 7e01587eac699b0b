using Mediator;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Http;

/// <summary>
/// Runs a command again when its append lost a race to one that committed first (two posts creating the same
/// queue), or when PostgreSQL broke a deadlock or a serialization failure by failing it. The losing transaction rolled
/// back (the error ends it before its COMMIT), so the retry decides on fresh state and writes nothing twice. Commands
/// take their locks in one order (README "Lock order"), so a deadlock is not expected; one that still comes and stays
/// after the last attempt is answered as such (<see cref="ErrorHandling"/>), not as an outage.
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
            catch (Exception e) when (attempt < Attempts && Conflicts.Is(e))
            {
                // A few milliseconds, at random: two transactions that failed each other do not meet again in step.
                await Task.Delay(Random.Shared.Next(1, 5 * attempt), cancellationToken);
            }
        }
    }
}
