using System.Diagnostics;
using System.Net;
using Npgsql;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.RateLimiting;

/// <summary>
/// Per-project rate limits (README "Rate limits"): a project over its limit gets a 429 with Retry-After in Zaqar's
/// error format and its request does nothing, while other projects are served; overrides apply per project; a rate of
/// 0 is no limit; a permit comes back at the project's rate.
/// </summary>
public sealed class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    private static string NewProject() => "p-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Given_a_project_over_its_limit_When_it_posts_Then_it_gets_a_429_with_Retry_After_in_the_error_format_and_nothing_is_appended()
    {
        using var api = app.Api(NewProject());
        var queue = MessageWire.NewQueue();
        await api.CreateQueue(queue, "{}");
        await api.PostOne(queue, """{"body":1}""");
        await api.PostOne(queue, """{"body":2}""");
        var events = await Events(api.Project);

        var refused = await api.PostRaw(queue, """{"messages":[{"body":3}]}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        Assert.Equal("application/json", refused.ContentHeaders.ContentType?.MediaType);
        // One permit takes 100 s to come back at 0.01 per second.
        Assert.Equal(TimeSpan.FromSeconds(100), refused.Headers.RetryAfter?.Delta);
        Assert.Equal(["description", "title"], refused.Json!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("Too many requests", refused.Title);
        Assert.Equal($"Project {api.Project} is limited to 0.01 requests per second, in bursts of at most 3. Please try again in 100 seconds.", refused.Description);
        Assert.Equal(events, await Events(api.Project));
    }

    [Fact]
    public async Task Given_a_project_over_its_limit_When_another_project_asks_at_the_same_moment_Then_it_is_served()
    {
        using var noisy = app.Api(NewProject());
        using var quiet = app.Api(NewProject());
        await Exhaust(noisy, burst: 3);

        var answers = await Task.WhenAll(noisy.Put($"/v2/queues/{MessageWire.NewQueue()}"), quiet.Put($"/v2/queues/{MessageWire.NewQueue()}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, answers[0].Status);
        Assert.Equal(HttpStatusCode.Created, answers[1].Status);
    }

    [Fact]
    public async Task Given_an_override_for_a_project_When_it_asks_Then_its_own_burst_applies()
    {
        using var roomy = app.Api("roomy");

        var refused = await Exhaust(roomy, burst: 8);

        Assert.Contains("in bursts of at most 8.", refused.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_rate_of_0_for_a_project_When_it_asks_more_than_the_default_burst_Then_it_is_always_served()
    {
        using var free = app.Api("free");
        for (var i = 0; i < 30; i++) Assert.Equal(HttpStatusCode.NoContent, (await free.Get("/v2/ping")).Status);
    }

    [Fact]
    public async Task Given_a_refused_project_When_a_permit_has_come_back_Then_it_is_served_again()
    {
        using var quick = app.Api("quick");
        // One permit at a time, one back every 250 ms: requests sent together find the bucket empty.
        var refused = await Until(async () => (await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => quick.Get("/v2/ping"))))
            .FirstOrDefault(r => r.Status == HttpStatusCode.TooManyRequests));
        Assert.Equal(TimeSpan.FromSeconds(1), refused.Headers.RetryAfter?.Delta);

        var served = await Until(async () => await quick.Get("/v2/ping") is { Status: HttpStatusCode.NoContent } r ? r : null);

        Assert.Equal(HttpStatusCode.NoContent, served.Status);
    }

    [Fact]
    public async Task Given_a_long_poll_When_it_waits_Then_it_counts_as_one_request()
    {
        using var api = app.Api(NewProject());
        var queue = MessageWire.NewQueue();
        await api.CreateQueue(queue, "{}");

        var poll = await api.Post($"/v2/queues/{queue}/claims?wait=1", """{"ttl":60}""");

        Assert.Equal(HttpStatusCode.NoContent, poll.Status);
        Assert.Equal(HttpStatusCode.OK, (await api.Get($"/v2/queues/{queue}/stats")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await api.Get($"/v2/queues/{queue}/stats")).Status);
    }

    [Fact]
    public async Task Given_a_project_over_its_limit_When_it_asks_for_what_needs_no_project_Then_it_is_answered()
    {
        using var api = app.Api(NewProject());
        await Exhaust(api, burst: 3);

        Assert.Equal(HttpStatusCode.MultipleChoices, (await api.Get("/")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get("/v3/queues")).Status);
    }

    /// <summary>Takes the project's <paramref name="burst"/> permits (every request served) and returns the next answer, a 429.</summary>
    private static async Task<Reply> Exhaust(Api api, int burst)
    {
        for (var i = 0; i < burst; i++) Assert.Equal(HttpStatusCode.NoContent, (await api.Get("/v2/ping")).Status);
        var refused = await api.Get("/v2/ping");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
        return refused;
    }

    /// <summary>Repeats <paramref name="attempt"/> until it gives an answer; fails after 10 s.</summary>
    private static async Task<Reply> Until(Func<Task<Reply?>> attempt)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (await attempt() is { } reply) return reply;
            await Task.Delay(20);
        }
        throw new TimeoutException("no such answer within 10 s");
    }

    private async Task<long> Events(string project)
    {
        await using var sql = await SchemaConnection.Open(app.Schema);
        await using var count = new NpgsqlCommand("SELECT count(*) FROM events WHERE tenant_id = $1", sql) { Parameters = { new() { Value = project } } };
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
