using System.Diagnostics;

namespace Sluice.Integration.Tests.Harness;

/// <summary>
/// Waits out the log's horizon: followers of the log read only below the oldest transaction in flight in the whole
/// database (DESIGN §5), so another test class's open transaction can hold them back for a moment. A deployment's
/// follower waits the same way.
/// </summary>
public static class Horizon
{
    /// <summary>Repeats <paramref name="step"/> until it answers true; fails after 30 s, naming <paramref name="what"/>.</summary>
    public static async Task Until(Func<Task<bool>> step, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await step())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException($"not within 30 s: {what}");
            await Task.Delay(20);
        }
    }
}
