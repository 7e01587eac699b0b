namespace Sluice.Integration.Tests.Harness;

/// <summary>
/// A clock the tests move forward, so claim and message expiry are tested without waiting minutes. Every time the
/// service uses (decisions, event times, read filters) comes from its TimeProvider.
/// </summary>
public sealed class TestClock : TimeProvider
{
    private long _ticks = DateTimeOffset.UtcNow.Ticks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
