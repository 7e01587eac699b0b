using Sluice.Infra.Diagnostics;
using Sluice.Infra.Postgres;
using Sluice.Infra.Waiting;

namespace Sluice.Functions.Triggers;

/// <summary>
/// Holds the connection that hears PostgreSQL's wake-ups for long polls (<see cref="QueueWaits.Listen"/>), and
/// reconnects when it drops, waking every waiter so nothing missed meanwhile is slept through. Once a minute it drops
/// the registrations of waits that have ended. Under the Functions host as standalone: each instance listens.
/// </summary>
internal sealed partial class SignalListener(QueueWaits waits, QueueSignals signals, SchemaState schema, TimeProvider clock, StorageOutage outage,
    ILogger<SignalListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var ready = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!schema.Ready && await ready.WaitForNextTickAsync(stoppingToken)) { }
        await Task.WhenAll(Listen(stoppingToken), Forget(stoppingToken));
    }

    private async Task Listen(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await waits.Listen(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!outage.Absorb(e, "long-poll wake-ups")) LogLost(e);
                signals.SignalAll();
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private async Task Forget(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await waits.Forget(clock.GetUtcNow() - TimeSpan.FromMinutes(1), stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!outage.Absorb(e, "long-poll registrations")) LogForgetFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the connection that hears long-poll wake-ups; reconnecting")]
    private partial void LogLost(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropping ended long-poll registrations failed")]
    private partial void LogForgetFailed(Exception exception);
}
