using Sluice.Infra.Diagnostics;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Triggers;

/// <summary>
/// Applies the migrations before the server takes its first request. When PostgreSQL cannot be reached yet the
/// service still starts, answers 503 (contract §1.5, §3.3) and keeps trying in the background, so a cold start
/// racing the database recovers by itself.
/// </summary>
/// <remarks>
/// Under the Functions host (<paramref name="beforeServing"/> false) nothing waits for PostgreSQL: the host gives the
/// handler 30 s to answer GET /, and a token fetch plus a connection to a failing-over server can take that long.
/// The first attempt then runs in the background too, and store-backed requests answer 503 until it succeeds.
/// </remarks>
internal sealed partial class MigrationService(Migrator migrator, SchemaState schema, bool beforeServing, StorageOutage outage, ILogger<MigrationService> logger)
    : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (beforeServing && await TryMigrate(cancellationToken)) return;
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Every failure is retried, with a growing pause: a refused token, a firewall or a missing role are fixed by
        // an operator while the service answers 503, and under the Functions host an exception here would end the
        // handler process, which the host would only restart into the same failure.
        var pause = TimeSpan.FromSeconds(2);
        while (!schema.Ready && !await TryMigrate(stoppingToken))
        {
            await Task.Delay(pause, stoppingToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }

    private async Task<bool> TryMigrate(CancellationToken cancellationToken)
    {
        try
        {
            await migrator.Migrate(cancellationToken);
            schema.MarkReady();
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unreachable storage is logged as an outage, once; anything else (a refused role, a bad migration) each time.
            if (!outage.Absorb(e, "migrations")) LogFailed(e);
            schema.MarkFailed();
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Migrating the schema failed; the service answers 503 and retries")]
    private partial void LogFailed(Exception exception);
}
