using System.Diagnostics;
using Sluice.Infra.Waiting;

namespace Sluice.Integration.Tests.LongPolling;

/// <summary>The service's own count of parked long polls: a test knows a poll waits before it acts, with no sleeping.</summary>
internal static class Parking
{
    /// <summary>Waits (up to 10 s) until exactly <paramref name="count"/> long polls are parked in the service.</summary>
    public static async Task Parked(this QueueSignals signals, int count)
    {
        var deadline = Stopwatch.StartNew();
        while (signals.Waiting != count)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), $"{signals.Waiting} waiting, expected {count}");
            await Task.Delay(5);
        }
    }
}
