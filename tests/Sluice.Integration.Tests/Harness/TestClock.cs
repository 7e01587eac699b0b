using System.Diagnostics;

namespace Sluice.Integration.Tests.Harness;

/// <summary>
/// A clock the tests move forward, so claim and message expiry are tested without waiting minutes. Every time the
/// service uses (decisions, event times, read filters) comes from its TimeProvider. A running clock also follows real
/// time, for tests of what the service's own timers do when a moment comes (a long poll sleeps in real time).
/// </summary>
public sealed class TestClock(bool running = false) : TimeProvider
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _ticks = DateTimeOffset.UtcNow.Ticks;

    public override DateTimeOffset GetUtcNow() =>
        new(Interlocked.Read(ref _ticks) + (running ? Stopwatch.GetElapsedTime(_started).Ticks : 0), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
