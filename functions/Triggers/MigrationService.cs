using Sluice.Infra.Postgres;

namespace Sluice.Functions.Triggers;

/// <summary>Applies the migrations before the server takes its first request.</summary>
internal sealed class MigrationService(Migrator migrator) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => migrator.Migrate(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
