using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Sluice.Domain;
using Sluice.Domain.Ports;
using Sluice.Infra.Postgres;
using Sluice.Infra.Waiting;

namespace Sluice.Infra;

public static class ServiceCollectionExtensions
{
    /// <summary>The data plane: one NpgsqlDataSource for the configured schema, the store, the reader, the migrator.</summary>
    public static IServiceCollection AddSluiceInfra(this IServiceCollection services, SluiceOptions options)
    {
        services.AddSingleton(options);
        services.AddSingleton(options.Limits);
        services.AddSingleton(TimeProvider.System);
        // The app's managed identity: user-assigned when AZURE_CLIENT_ID names it (as the Bicep sets it), else the
        // system-assigned one. Made only when something asks for it.
        services.TryAddSingleton<TokenCredential>(_ => Environment.GetEnvironmentVariable("AZURE_CLIENT_ID") is { Length: > 0 } clientId
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned));
        services.AddSingleton(provider => DataSources.Build(options.Postgres, options, provider.GetRequiredService<TokenCredential>));
        services.AddSingleton(provider => new Catalog.PoolCatalog(options, provider.GetRequiredService<TokenCredential>));
        services.AddSingleton(provider => new Catalog.PoolDatabases(options, provider.GetRequiredService<TokenCredential>));
        services.AddSingleton<IQueueStore, PostgresQueueStore>();
        services.AddSingleton<IQueueReader, PostgresQueueReader>();
        services.AddSingleton<Migrator>();
        services.AddSingleton<SchemaState>();
        services.AddSingleton<ProjectionRebuilder>();
        services.AddSingleton<PlannerStatistics>();
        services.AddSingleton<QueueHeads>();
        services.AddSingleton<Diagnostics.StorageOutage>();
        services.AddSingleton<QueueSignals>();
        services.AddSingleton<QueueWaits>();
        services.AddSingleton<IEventLog, PostgresEventLog>();
        services.AddSingleton(options.Notifications);
        services.AddSingleton<Notifications.WebhookSender>();
        services.AddSingleton<Notifications.MailSender>();
        services.AddSingleton<Notifications.Notifier>();
        services.AddSingleton<Notifications.NotificationWakeup>();
        return services;
    }
}
