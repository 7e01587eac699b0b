using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.RateLimiting;

/// <summary>Sluice:RateLimits as configured: off unless set, and a value out of range stops the start-up.</summary>
public sealed class RateLimitSettingsTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_no_rate_limit_configured_When_a_project_asks_many_times_at_once_Then_it_is_always_served()
    {
        using var api = app.Api();
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => api.Get("/v2/ping")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NoContent, a.Status));
    }

    [Theory]
    [InlineData("Sluice:RateLimits:PermitsPerSecond", "-1", "Sluice:RateLimits:PermitsPerSecond is -1: it must be 0 (no limit) or from 0.001 to 1000000.")]
    [InlineData("Sluice:RateLimits:Burst", "-5", "Sluice:RateLimits:Burst is -5: it must be 0 (one second's worth of PermitsPerSecond) or more.")]
    [InlineData("Sluice:RateLimits:Projects:tenant-a:PermitsPerSecond", "-0.5", "Sluice:RateLimits:Projects:tenant-a:PermitsPerSecond is -0.5: it must be 0 (no limit) or from 0.001 to 1000000.")]
    [InlineData("Sluice:RateLimits:Projects:tenant-a:Burst", "-1", "Sluice:RateLimits:Projects:tenant-a:Burst is -1: it must be 0 (one second's worth of PermitsPerSecond) or more.")]
    public async Task Given_a_negative_setting_When_the_service_starts_Then_it_refuses_to_naming_the_setting(string key, string value, string message)
    {
        await using var misconfigured = new MisconfiguredApp(key, value);

        var refusal = Assert.Throws<InvalidOperationException>(() => misconfigured.Services);

        Assert.Equal(message, refusal.Message);
    }

    private sealed class MisconfiguredApp(string key, string value) : SluiceApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { [key] = value };
    }
}
