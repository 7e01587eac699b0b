using Mediator;
using Sluice.Domain.Expiry;
using Sluice.Infra;

namespace Sluice.Functions.Triggers;

/// <summary>
/// Standalone, runs the expiry sweep on its schedule (serverless, a timer function sends the same request).
/// Reads hide expired rows already; the sweep only keeps the projections small, so a missed run is harmless.
/// </summary>
internal sealed partial class SweeperService(IMediator mediator, SluiceOptions options, ILogger<SweeperService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SweepIntervalSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var swept = await mediator.Send(new SweepExpiredCommand(options.SweepBatchSize), stoppingToken);
                if (swept > 0) LogSwept(swept);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSweepFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Swept {Count} expired messages and claims")]
    private partial void LogSwept(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Expiry sweep failed; it runs again at the next tick")]
    private partial void LogSweepFailed(Exception exception);
}
