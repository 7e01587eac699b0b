namespace Sluice.Infra.Notifications;

/// <summary>
/// The deliveries one run has under way, counted per tenant: the lease gives each tenant turns by these counts and no
/// more than its share (Sql/lease_notifications.sql), so one tenant's slow or silent subscribers leave slots to others.
/// </summary>
internal sealed class InFlight
{
    private readonly List<Task> _tasks = [];
    private readonly Dictionary<string, int> _perTenant = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Count => _tasks.Count;

    /// <summary>The tenants with deliveries under way, and how many each: the next lease gives the others their turn first.</summary>
    public (string[] Tenants, int[] Counts) Running()
    {
        lock (_gate)
        {
            var busy = _perTenant.Where(t => t.Value > 0).ToArray();
            return ([.. busy.Select(t => t.Key)], [.. busy.Select(t => t.Value)]);
        }
    }

    public void Start(string tenant, Func<Task> delivery)
    {
        lock (_gate) _perTenant[tenant] = _perTenant.GetValueOrDefault(tenant) + 1;
        _tasks.Add(Run(tenant, delivery));
    }

    /// <summary>
    /// Waits up to <paramref name="atMost"/> for one delivery to end and surfaces its failure (only the run's
    /// cancellation escapes one).
    /// </summary>
    public async Task OneEnded(TimeSpan atMost, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(atMost, stop.Token);
        var ended = await Task.WhenAny([.. _tasks, timer]);
        await stop.CancelAsync();
        if (ended == timer) return;
        _tasks.Remove(ended);
        await ended;
    }

    /// <summary>Waits for every delivery to end, whatever it ends with: the run is failing already.</summary>
    public async Task Drain()
    {
        try
        {
            await Task.WhenAll(_tasks);
        }
        catch (Exception)
        {
            // Each was cancelled with the run, or already settled; the run's own failure is the one to report.
        }
        _tasks.Clear();
    }

    private async Task Run(string tenant, Func<Task> delivery)
    {
        try
        {
            await delivery();
        }
        finally
        {
            lock (_gate) _perTenant[tenant]--;
        }
    }
}
