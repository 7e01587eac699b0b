namespace Sluice.Infra.Waiting;

/// <summary>What a long poll waits for.</summary>
public enum Wanting
{
    /// <summary>Messages to claim, up to the waiter's limit.</summary>
    Claim,

    /// <summary>Messages to list (a listing takes nothing away).</summary>
    Listing,

    /// <summary>Any new event of the queue (or, on the queue name "*", of the tenant).</summary>
    Events,
}

/// <summary>
/// This process's long polls, by queue, and the wake-ups PostgreSQL sends when a queue gets events. A signal that
/// made n messages claimable wakes every waiting listing and, in arrival order, the claims whose limits add up to n:
/// the waiters the new messages can satisfy, not every waiter of the queue. Stream readers of the queue, and of its
/// tenant's whole stream, wake on every signal.
/// </summary>
public sealed class QueueSignals
{
    /// <summary>The queue name that stands for a tenant's whole stream (never a queue name).</summary>
    public const string AllQueues = "*";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Tenant, string Queue), List<Waiter>> _waiters = [];
    private readonly Dictionary<(string Tenant, string Queue, bool Events), DateTimeOffset> _registered = [];
    private long _wakeups;

    /// <summary>Long polls now waiting in this process.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate) return _waiters.Values.Sum(l => l.Count);
        }
    }

    /// <summary>Waiters woken by signals since start (a test's view of how many a signal woke).</summary>
    public long Wakeups => Interlocked.Read(ref _wakeups);

    /// <summary>Starts waiting on the queue; dispose to stop. <paramref name="limit"/> counts for claims only.</summary>
    public Waiter Register(string tenant, string queue, Wanting wanting, int limit = 1)
    {
        var waiter = new Waiter(this, (tenant, queue), wanting, limit);
        lock (_gate)
        {
            if (!_waiters.TryGetValue(waiter.Key, out var list)) _waiters[waiter.Key] = list = [];
            list.Add(waiter);
        }
        return waiter;
    }

    /// <summary>The queue got events that made n messages claimable (n may be 0).</summary>
    public void Signal(string tenant, string queue, long n) => Signal(tenant, queue, n, relay: false);

    /// <summary>
    /// Wakes as <see cref="Signal(string, string, long)"/> does; with <paramref name="relay"/>, the claims woken take
    /// over what a leaving claim was responsible for (see <see cref="Remove"/>).
    /// </summary>
    private void Signal(string tenant, string queue, long n, bool relay)
    {
        var woken = 0;
        lock (_gate)
        {
            if (_waiters.TryGetValue((tenant, queue), out var list))
            {
                var left = n;
                foreach (var waiter in list)
                {
                    if (waiter.Signaled) continue;
                    switch (waiter.Wanting)
                    {
                        case Wanting.Claim when left > 0:
                            left -= waiter.Limit;
                            waiter.Relayed |= relay;
                            break;
                        case Wanting.Listing when n > 0:
                        case Wanting.Events:
                            break;
                        default:
                            continue;
                    }
                    waiter.Wake();
                    woken++;
                }
            }
            if (_waiters.TryGetValue((tenant, AllQueues), out var all))
            {
                foreach (var waiter in all.Where(w => !w.Signaled))
                {
                    waiter.Wake();
                    woken++;
                }
            }
        }
        Interlocked.Add(ref _wakeups, woken);
    }

    /// <summary>
    /// Whether this process has a committed registration of the queue lasting to <paramref name="until"/>: writers
    /// then notify without a new one, so a wait need not take the queue's lock again.
    /// </summary>
    public bool IsRegistered(string tenant, string queue, Wanting wanting, DateTimeOffset until)
    {
        lock (_gate) return _registered.TryGetValue((tenant, queue, wanting == Wanting.Events), out var registered) && registered >= until;
    }

    /// <summary>Notes a committed registration (see <see cref="IsRegistered"/>).</summary>
    public void Registered(string tenant, string queue, Wanting wanting, DateTimeOffset until)
    {
        var key = (tenant, queue, wanting == Wanting.Events);
        lock (_gate)
        {
            if (!_registered.TryGetValue(key, out var registered) || registered < until) _registered[key] = until;
        }
    }

    /// <summary>Wakes every waiter to look again: after the listening connection was lost, signals may have been missed.</summary>
    public void SignalAll()
    {
        lock (_gate)
        {
            foreach (var waiter in _waiters.Values.SelectMany(l => l)) waiter.Wake();
        }
    }

    private void Remove(Waiter waiter)
    {
        lock (_gate)
        {
            if (!_waiters.TryGetValue(waiter.Key, out var list)) return;
            list.Remove(waiter);
            if (list.Count == 0) _waiters.Remove(waiter.Key);
        }
        // A claim woken for messages it will now never take passes its share on to the next waiters. So does one that
        // slept until time frees messages: a signal for delayed posts may have woken it alone (once for many posts), and
        // the next one woken looks and sleeps until that moment in its place; and so does one woken by such a hand-over,
        // which it took over by finding messages due (LongPollWakeUpTests).
        if (waiter is { Wanting: Wanting.Claim } && (waiter.Signaled || waiter.Timed || waiter.Relayed))
        {
            Signal(waiter.Key.Tenant, waiter.Key.Queue, waiter.Limit, relay: true);
        }
    }

    /// <summary>One long poll. <see cref="WaitAsync"/> returns when signaled or at the timeout, whichever is first.</summary>
    public sealed class Waiter : IDisposable
    {
        private readonly QueueSignals _owner;
        private TaskCompletionSource _signal = New();

        internal Waiter(QueueSignals owner, (string, string) key, Wanting wanting, int limit) =>
            (_owner, Key, Wanting, Limit) = (owner, key, wanting, limit);

        internal (string Tenant, string Queue) Key { get; }

        internal Wanting Wanting { get; }

        internal int Limit { get; }

        internal bool Signaled => _signal.Task.IsCompleted;

        /// <summary>Whether it sleeps until a moment when time alone frees messages (its last look found one).</summary>
        public bool Timed { get; set; }

        /// <summary>Whether a leaving claim handed its share on to it (set under the owner's lock, never cleared).</summary>
        internal bool Relayed { get; set; }

        internal void Wake() => _signal.TrySetResult();

        /// <summary>Waits for a signal (true) or the timeout (false); the token ends the wait by throwing.</summary>
        public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken)
        {
            var signal = _signal.Task;
            if (!signal.IsCompleted && timeout > TimeSpan.Zero)
            {
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var delay = Task.Delay(timeout, clock, stop.Token);
                await Task.WhenAny(signal, delay).ConfigureAwait(false);
                await stop.CancelAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }
            var signaled = signal.IsCompleted;
            if (signaled) _signal = New();
            return signaled;
        }

        public void Dispose() => _owner.Remove(this);

        private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
