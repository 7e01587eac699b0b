using Sluice.Domain;

namespace Sluice.Infra;

/// <summary>Configuration section "Sluice" (environment: Sluice__Postgres, Sluice__Schema, Sluice__Limits__…).</summary>
public sealed class SluiceOptions
{
    public string Postgres { get; set; } = "Host=127.0.0.1;Port=54320;Username=sluice;Database=sluice";

    /// <summary>
    /// How the service proves who it is to PostgreSQL: <c>ConnectionString</c> (whatever <see cref="Postgres"/> says,
    /// e.g. a password or trust) or <c>EntraId</c> (an access token of the app's managed identity as the password,
    /// renewed before it expires; Azure Database for PostgreSQL with Entra authentication).
    /// </summary>
    public PostgresAuthentication PostgresAuthentication { get; set; } = PostgresAuthentication.ConnectionString;

    /// <summary>The PostgreSQL schema holding the event store; an identifier, validated at start-up.</summary>
    public string Schema { get; set; } = "sluice";

    /// <summary>
    /// Azure Storage (Azurite locally): the catalog's tables when <see cref="Pooling"/> is on. A connection string, or an
    /// account's table endpoint (https) reached with the app's managed identity.
    /// </summary>
    public string? Storage { get; set; }

    /// <summary>
    /// Pools and flavors (Zaqar's <c>pooling</c>): a catalog in Table Storage, and the admin API <c>/v2/pools</c> and
    /// <c>/v2/flavors</c> (404 while off). Needs <see cref="Storage"/>.
    /// </summary>
    public bool Pooling { get; set; }

    public Catalog.CatalogOptions Catalog { get; set; } = new();

    /// <summary>Seconds between sweeps of expired messages and claims when standalone.</summary>
    public int SweepIntervalSeconds { get; set; } = 5;

    public int SweepBatchSize { get; set; } = 1000;

    /// <summary>Seconds between checks of the projection tables' planner statistics when standalone.</summary>
    public int StatisticsIntervalSeconds { get; set; } = 1;

    /// <summary>
    /// Milliseconds between advances of the heads of the queues this process claims from or deletes in (one statement
    /// per such queue), under the Functions host as standalone. A claim steps over the entries this long's deletes
    /// left at the head of its queue.
    /// </summary>
    public int HeadIntervalMilliseconds { get; set; } = 500;

    /// <summary>Push subscriptions' delivery (section "Sluice:Notifications").</summary>
    public NotificationOptions Notifications { get; set; } = new();

    public Limits Limits { get; set; } = new();

    /// <summary>The same settings for the data plane of another database (a pool's).</summary>
    public SluiceOptions WithPostgres(string connectionString)
    {
        var copy = (SluiceOptions)MemberwiseClone();
        copy.Postgres = connectionString;
        return copy;
    }
}

public enum PostgresAuthentication
{
    ConnectionString,
    EntraId,
}
