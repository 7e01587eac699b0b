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

    /// <summary>Azure Storage (Azurite locally): large payloads and the event archive.</summary>
    public string? Storage { get; set; }

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
}

public enum PostgresAuthentication
{
    ConnectionString,
    EntraId,
}
