using System.Net.Sockets;
using Npgsql;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Triggers;

/// <summary>
/// Applies the migrations before the server takes its first request. When PostgreSQL cannot be reached yet the
/// service still starts, answers 503 (contract §1.5, §3.3) and keeps trying in the background, so a cold start
/// racing the database recovers by itself.
/// </summary>
internal sealed partial class MigrationService(Migrator migrator, SchemaState schema, ILogger<MigrationService> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await TryMigrate(cancellationToken)) return;
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        while (!schema.Ready && await timer.WaitForNextTickAsync(stoppingToken))
        {
            await TryMigrate(stoppingToken);
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
        catch (Exception e) when (e is NpgsqlException { InnerException: SocketException or TimeoutException } or NpgsqlException { IsTransient: true })
        {
            LogUnreachable(e);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "PostgreSQL is not reachable; migrations will be retried")]
    private partial void LogUnreachable(Exception exception);
}
