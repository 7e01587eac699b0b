using Mediator;
using Sluice.Domain.Expiry;
using Sluice.Domain.Messages;
using Sluice.Domain.Subscriptions;
using Sluice.Infra;

namespace Sluice.Functions.Jobs;

/// <summary>
/// A background job: serverless, a timer function of this name whose host invocation runs it; standalone, an
/// in-process loop every <paramref name="Interval"/>. Either way the work is one Mediator request.
/// </summary>
/// <param name="Name">The function's name and folder, and the path the host posts to; lowercase and stable.</param>
/// <param name="Schedule">The timer trigger's schedule: an app setting holding six-field NCRONTAB (UTC), set by the Bicep.</param>
/// <param name="WakesOnPush">Standalone, also run as soon as a post lands in a subscribed queue.</param>
public sealed record BackgroundJob(
    string Name, string Schedule, TimeSpan Interval, Func<IMediator, CancellationToken, Task<string>> Run, bool WakesOnPush = false);

/// <summary>Every background job of the service. The function definitions are generated from this list.</summary>
public static class BackgroundJobs
{
    public static IReadOnlyList<BackgroundJob> All(SluiceOptions options) =>
    [
        new("sweep", "%SLUICE_SWEEP_SCHEDULE%", TimeSpan.FromSeconds(options.SweepIntervalSeconds), async (mediator, ct) =>
        {
            var swept = await mediator.Send(new SweepExpiredCommand(options.SweepBatchSize), ct);
            var forgotten = await mediator.Send(new ForgetIdempotencyKeysCommand(), ct);
            var subscriptions = await mediator.Send(new ExpireSubscriptionsCommand(options.SweepBatchSize), ct);
            return $"swept {swept} expired messages and claims, forgot {forgotten} idempotency keys, removed {subscriptions} expired subscriptions";
        }),
        new("statistics", "%SLUICE_STATISTICS_SCHEDULE%", TimeSpan.FromSeconds(options.StatisticsIntervalSeconds), async (mediator, ct) =>
            await mediator.Send(new RefreshStatisticsCommand(), ct) is { Count: > 0 } analyzed
                ? "analyzed " + string.Join(", ", analyzed)
                : "statistics current"),
        new("notify", "%SLUICE_NOTIFY_SCHEDULE%", TimeSpan.FromSeconds(options.Notifications.IntervalSeconds), async (mediator, ct) =>
            await mediator.Send(new DeliverNotificationsCommand(), ct) is var run
                ? $"made {run.Made} notifications; delivered {run.Delivered}, rejected {run.Rejected}, retrying {run.Retried}, gave up {run.GivenUp}"
                : "", WakesOnPush: options.Notifications.WakeOnPush),
    ];
}
