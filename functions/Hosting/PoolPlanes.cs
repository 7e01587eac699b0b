using Azure.Core;
using Mediator;
using Sluice.Domain.Health;
using Sluice.Functions.Http;
using Sluice.Functions.Jobs;
using Sluice.Infra;
using Sluice.Infra.Catalog;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Hosting;

internal static class SluiceMediator
{
    /// <summary>
    /// The one registration of Mediator, whose source generator reads this call: the requests of the domain, the jobs
    /// and the catalog, each retried on conflicts. The service's container and each pool's use it.
    /// </summary>
    public static IServiceCollection AddSluiceMediator(this IServiceCollection services) =>
        services.AddMediator((MediatorOptions o) =>
        {
            o.ServiceLifetime = ServiceLifetime.Singleton;
            o.Assemblies = [typeof(PingQuery), typeof(RefreshStatisticsCommand), typeof(PutPoolCommand)];
            o.PipelineBehaviors = [typeof(RetryOnConflictBehavior<,>)];
        });
}

/// <summary>
/// The data plane of each pool, in a container of its own: the store, reader and Mediator that the service's own
/// database has, made for the pool's database on first use (its schema migrated then) and kept while the pool's URI
/// stays the same. The clock, the identity and the logging are the service's.
/// </summary>
#pragma warning disable VSTHRD003 // every task awaited here is a plane this instance started (Build)
internal sealed class PoolPlanes(SluiceOptions options, TimeProvider clock, IServiceProvider root) : IAsyncDisposable
{
    private readonly Dictionary<string, (string Uri, Task<ServiceProvider> Plane)> _planes = new(StringComparer.Ordinal);

    /// <summary>Planes of databases their pools no longer name: requests may still be using them, so they go at shutdown.</summary>
    private readonly List<Task<ServiceProvider>> _retired = [];

    /// <summary>The Mediator of <paramref name="pool"/>'s data plane; a plane that failed to start is built again.</summary>
    public async Task<IMediator> Mediator(PoolRecord pool, CancellationToken cancellationToken)
    {
        var secret = pool.Uri.Secret;
        Task<ServiceProvider> plane;
        lock (_planes)
        {
            if (!_planes.TryGetValue(pool.Name, out var entry) || entry.Uri != secret || entry.Plane.IsFaulted || entry.Plane.IsCanceled)
            {
                if (entry.Plane is { IsCompletedSuccessfully: true }) _retired.Add(entry.Plane);
                entry = (secret, Build(pool.Uri));
                _planes[pool.Name] = entry;
            }
            plane = entry.Plane;
        }
        return (await plane.WaitAsync(cancellationToken)).GetRequiredService<IMediator>();
    }

    private async Task<ServiceProvider> Build(PoolUri uri)
    {
        var services = new ServiceCollection();
        services.AddSingleton(root.GetRequiredService<ILoggerFactory>());
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(_ => root.GetRequiredService<TokenCredential>());
        services.AddSluiceInfra(options.WithPostgres(uri.ConnectionString()));
        services.AddSingleton(clock);
        services.AddSluiceMediator();
        var plane = services.BuildServiceProvider();
        try
        {
            await plane.GetRequiredService<Migrator>().Migrate(CancellationToken.None);
            plane.GetRequiredService<SchemaState>().MarkReady();
            return plane;
        }
        catch
        {
            await plane.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Task<ServiceProvider>> planes;
        lock (_planes) planes = [.. _planes.Values.Select(e => e.Plane), .. _retired];
        foreach (var plane in planes.Where(p => p.IsCompletedSuccessfully)) await (await plane).DisposeAsync();
    }
}
#pragma warning restore VSTHRD003
