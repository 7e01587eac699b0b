namespace Sluice.Infra.Postgres;

/// <summary>Whether the migrations have been applied in this process; until then the store is not used.</summary>
public sealed class SchemaState
{
    private volatile bool _ready;
    private int _failures;

    public bool Ready => _ready;

    /// <summary>Attempts to migrate that failed so far (each is retried).</summary>
    public int Failures => Volatile.Read(ref _failures);

    public void MarkReady() => _ready = true;

    public void MarkFailed() => Interlocked.Increment(ref _failures);
}
