using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.LongPolling;

/// <summary>
/// The service on a clock that runs in real time, as a long poll's own timers do, and that a test can still move
/// forward (a claim lasts at least a minute).
/// </summary>
public sealed class RunningClockApp() : SluiceApp(new TestClock(running: true));
