using Sluice.Infra;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Triggers;

/// <summary>
/// Standalone, re-analyzes projection tables whose planner statistics a burst has outgrown (see
/// <see cref="PlannerStatistics"/>). Plans only get better, so a missed run is harmless.
/// </summary>
internal sealed partial class StatisticsService(
    PlannerStatistics statistics, SchemaState schema, SluiceOptions options, ILogger<StatisticsService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.StatisticsIntervalSeconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!schema.Ready) continue;
            try
            {
                foreach (var table in await statistics.RefreshStale(stoppingToken)) LogAnalyzed(table);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Analyzed {Table}: its statistics covered less than half of its rows")]
    private partial void LogAnalyzed(string table);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checking planner statistics failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
