using Mediator;
using Sluice.Infra.Diagnostics;
using Sluice.Infra.Notifications;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Jobs;

/// <summary>
/// Standalone, runs one background job on its interval once the schema is ready, and a job that wakes on push also as
/// soon as a post lands in a subscribed queue. A failed or missed run is logged and retried at the next tick: jobs
/// only tidy up (reads already hide what a sweep removes, statistics only improve plans), and notifications keep their
/// state in the outbox.
/// </summary>
internal sealed partial class ScheduledJobService(
    BackgroundJob job, IMediator mediator, SchemaState schema, NotificationWakeup wakeup, StorageOutage outage, ILogger<ScheduledJobService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = job.WakesOnPush ? null : new PeriodicTimer(job.Interval);
        while (timer is null ? await Woken(stoppingToken) : await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!schema.Ready) continue;
            try
            {
                var outcome = await job.Run(mediator, stoppingToken);
                LogRan(job.Name, outcome);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!outage.Absorb(e, "job " + job.Name)) LogFailed(job.Name, e);
            }
        }
    }

    /// <summary>The next wake-up, or the interval's end without one.</summary>
    private async Task<bool> Woken(CancellationToken stoppingToken)
    {
        await wakeup.WaitAsync(job.Interval, stoppingToken);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job {Job}: {Outcome}")]
    private partial void LogRan(string job, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job {Job} failed; it runs again at the next tick")]
    private partial void LogFailed(string job, Exception exception);
}
