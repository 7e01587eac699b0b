namespace Sluice.Infra.Notifications;

/// <summary>
/// Wakes the standalone notifier when a post lands in a subscribed queue (PostgreSQL notifies on commit, see
/// Functions/03_project_events.sql), so a webhook goes out at once rather than at the next interval. A wake-up that
/// comes while a run is under way is kept for the next wait, never lost.
/// </summary>
public sealed class NotificationWakeup : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Signal()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one pending wake-up covers every post before it.
        }
    }

    /// <summary>Waits for a wake-up or for <paramref name="atMost"/>, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan atMost, CancellationToken cancellationToken) => _signal.WaitAsync(atMost, cancellationToken);

    public void Dispose() => _signal.Dispose();
}
