using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Functions.Http;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.RateLimiting;

/// <summary>The service with a generous limit (1000 per second), so a bucket is full again a moment after its request.</summary>
public sealed class GenerousLimitApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:RateLimits:PermitsPerSecond"] = "1000",
        ["Sluice:RateLimits:Projects:free:PermitsPerSecond"] = "0",
    };
}

/// <summary>
/// The limiter keeps a bucket only for projects that asked lately: .NET's partitioned limiter drops a partition whose
/// bucket has been full for 10 s (DefaultPartitionedRateLimiter's idle limit), so many projects do not make the
/// service grow without bound; unlimited projects never get one. The count is read from the runtime's own table by
/// reflection, to pin the behaviour of the framework that this relies on.
/// </summary>
public sealed class RateLimitPartitionTests(GenerousLimitApp app) : IClassFixture<GenerousLimitApp>
{
    [Fact]
    public async Task Given_many_projects_When_they_stop_asking_Then_their_buckets_are_dropped()
    {
        var limiter = app.Services.GetRequiredService<ProjectRateLimiter>();
        for (var i = 0; i < 300; i++)
        {
            using var api = app.Api($"tenant-{i}");
            Assert.Equal(HttpStatusCode.NoContent, (await api.Get("/v2/ping")).Status);
        }
        using (var free = app.Api("free"))
        {
            for (var i = 0; i < 100; i++) Assert.Equal(HttpStatusCode.NoContent, (await free.Get("/v2/ping")).Status);
        }
        Assert.InRange(Buckets(limiter), 1, 300);

        var deadline = Stopwatch.StartNew();
        while (Buckets(limiter) > 0 && deadline.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(200);

        Assert.Equal(0, Buckets(limiter));
    }

    private static int Buckets(ProjectRateLimiter limiter)
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        var partitioned = (PartitionedRateLimiter<string>)typeof(ProjectRateLimiter).GetField("_buckets", Private)!.GetValue(limiter)!;
        var table = (ICollection)partitioned.GetType().GetField("_limiters", Private)!.GetValue(partitioned)!;
        lock (table) return table.Count;
    }
}
