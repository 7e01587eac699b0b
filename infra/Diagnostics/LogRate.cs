namespace Sluice.Infra.Diagnostics;

/// <summary>
/// At most one log line per key (a tenant) per window, and at most <see cref="MaxLinesPerWindow"/> lines per window
/// over all keys, since a tenant id costs nothing to make up: no tenant, nor any number of them, decides how much is
/// written. The lines held back are counted, and the next line written says how many there were.
/// </summary>
public sealed class LogRate(TimeSpan window, TimeProvider clock)
{
    /// <summary>Lines written per window, over all keys.</summary>
    public const int MaxLinesPerWindow = 100;

    /// <summary>Keys remembered at once; past it, those whose window has ended are forgotten (all, if none has).</summary>
    private const int MaxKeys = 10_000;

    private readonly Dictionary<string, (DateTimeOffset Written, long HeldBack)> _keys = [];
    private readonly Lock _lock = new();
    private DateTimeOffset _windowStart = DateTimeOffset.MinValue;
    private int _written;
    private long _overBudget;

    /// <summary>
    /// True when a line for <paramref name="key"/> may be written now. <paramref name="heldBack"/>: the key's lines held
    /// back since its last; <paramref name="overBudget"/>: lines of any key held back by the overall budget since the
    /// last line written.
    /// </summary>
    public bool TryTake(string key, out long heldBack, out long overBudget)
    {
        var now = clock.GetUtcNow();
        (heldBack, overBudget) = (0, 0);
        lock (_lock)
        {
            if (now - _windowStart >= window) (_windowStart, _written) = (now, 0);
            if (_keys.TryGetValue(key, out var entry) && now - entry.Written < window)
            {
                _keys[key] = entry with { HeldBack = entry.HeldBack + 1 };
                return false;
            }
            if (_written >= MaxLinesPerWindow)
            {
                _overBudget++;
                return false;
            }
            if (_keys.Count >= MaxKeys)
            {
                foreach (var (k, e) in _keys)
                {
                    if (now - e.Written >= window) _keys.Remove(k);
                }
                if (_keys.Count >= MaxKeys) _keys.Clear();
            }
            _written++;
            (heldBack, overBudget, _overBudget) = (entry.HeldBack, _overBudget, 0);
            _keys[key] = (now, 0);
            return true;
        }
    }
}
