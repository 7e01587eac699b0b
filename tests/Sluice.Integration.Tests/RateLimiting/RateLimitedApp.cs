using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.RateLimiting;

/// <summary>
/// The service with per-project rate limits: by default 3 requests at once and a permit back every 100 s, so nothing
/// comes back while a test runs; project <c>roomy</c> may make 8 at once, <c>free</c> is not limited, and <c>quick</c>
/// makes one at a time with a permit back every 250 ms.
/// </summary>
public sealed class RateLimitedApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:RateLimits:PermitsPerSecond"] = "0.01",
        ["Sluice:RateLimits:Burst"] = "3",
        ["Sluice:RateLimits:Projects:roomy:Burst"] = "8",
        ["Sluice:RateLimits:Projects:free:PermitsPerSecond"] = "0",
        ["Sluice:RateLimits:Projects:quick:PermitsPerSecond"] = "4",
        ["Sluice:RateLimits:Projects:quick:Burst"] = "1",
    };
}
