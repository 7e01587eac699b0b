namespace Sluice.Infra.Diagnostics;

/// <summary>
/// At most one log line per key (a tenant) per window, so no tenant decides how much is written. The lines held back
/// are counted, and the next line written for the key says how many there were.
/// </summary>
public sealed class LogRate(TimeSpan window, TimeProvider clock)
{
    /// <summary>Keys remembered at once; past it, those whose window has ended are forgotten (all, if none has).</summary>
    private const int MaxKeys = 10_000;

    private readonly Dictionary<string, (DateTimeOffset Written, long HeldBack)> _keys = [];
    private readonly Lock _lock = new();

    /// <summary>True when a line for <paramref name="key"/> may be written now; <paramref name="heldBack"/>: lines held back since the last.</summary>
    public bool TryTake(string key, out long heldBack)
    {
        var now = clock.GetUtcNow();
        lock (_lock)
        {
            if (_keys.TryGetValue(key, out var entry) && now - entry.Written < window)
            {
                _keys[key] = entry with { HeldBack = entry.HeldBack + 1 };
                heldBack = 0;
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
            heldBack = entry.HeldBack;
            _keys[key] = (now, 0);
            return true;
        }
    }
}
