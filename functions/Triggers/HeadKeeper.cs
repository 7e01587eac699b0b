using Sluice.Infra;
using Sluice.Infra.Diagnostics;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Triggers;

/// <summary>
/// Advances the heads of the queues this instance claims from or deletes in (<see cref="QueueHeads"/>), every
/// <see cref="SluiceOptions.HeadIntervalMilliseconds"/>. Under the Functions host as standalone: each instance keeps
/// the heads of the queues it serves.
/// </summary>
internal sealed partial class HeadKeeper(QueueHeads heads, SchemaState schema, SluiceOptions options, StorageOutage outage, ILogger<HeadKeeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.HeadIntervalMilliseconds));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!schema.Ready) continue;
            try
            {
                await heads.AdvanceTouched(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                if (!outage.Absorb(e, "queue heads")) LogFailed(e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Advancing queue heads failed; claims read from further back until the next advance")]
    private partial void LogFailed(Exception exception);
}
