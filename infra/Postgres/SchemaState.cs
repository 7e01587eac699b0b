namespace Sluice.Infra.Postgres;

/// <summary>Whether the migrations have been applied in this process; until then the store is not used.</summary>
public sealed class SchemaState
{
    private volatile bool _ready;

    public bool Ready => _ready;

    public void MarkReady() => _ready = true;
}
