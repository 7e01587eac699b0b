namespace Sluice.Infra;

/// <summary>Push subscriptions' delivery: configuration section "Sluice:Notifications".</summary>
public sealed class NotificationOptions
{
    private static readonly string[] WebTypes = ["http", "https", "trust+http", "trust+https"];
    private static readonly string[] AllTypes = ["http", "https", "mailto", "trust+http", "trust+https"];

    /// <summary>Seconds between runs of the follower and dispatcher when standalone.</summary>
    public double IntervalSeconds { get; set; } = 1;

    /// <summary>Standalone, also run at once when a post lands in a subscribed queue (PostgreSQL notifies on commit).</summary>
    public bool WakeOnPush { get; set; } = true;

    /// <summary>Events the follower reads per queue per pass.</summary>
    public int FollowPageSize { get; set; } = 1000;

    /// <summary>Notifications leased and delivered at once per instance.</summary>
    public int Parallelism { get; set; } = 16;

    /// <summary>
    /// Of those, the most one tenant's notifications may take, so slots stay free for the others while one tenant's
    /// subscriber is slow or silent. Within it, tenants take turns.
    /// </summary>
    public int PerTenantParallelism { get; set; } = 8;

    /// <summary>How long a subscriber may take to answer before the attempt counts as failed.</summary>
    public double RequestTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// How long a leased notification is left to its dispatcher before another may retry it; at least five request
    /// timeouts and 5 s, whatever is set.
    /// </summary>
    public double LeaseSeconds { get; set; } = 60;

    /// <summary>The longest one run keeps dispatching before it returns (a timer function must end).</summary>
    public double RunBudgetSeconds { get; set; } = 20;

    /// <summary>
    /// Let webhooks reach loopback, private, link-local and shared addresses (the cloud's metadata endpoint among them).
    /// Off in every mode, so a tenant's subscriber URI cannot reach into the service's own network; on only for a
    /// webhook receiver on the developer's own machine.
    /// </summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>SMTP for <c>mailto</c> subscribers; without a host, mailto is not an accepted subscriber type.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Contract §2 <c>subscriber_types</c>: mailto only when SMTP is configured.</summary>
    public IReadOnlyList<string> SubscriberTypes => string.IsNullOrEmpty(Smtp.Host) ? WebTypes : AllTypes;
}
