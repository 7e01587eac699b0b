using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Health;

/// <summary>
/// The service reaching PostgreSQL through a <see cref="TcpGate"/> the test can shut, its log recorded, and its
/// background jobs running every second, so that they fail during an outage as requests do.
/// </summary>
public sealed class GatedStorageApp : LoggedApp
{
    public TcpGate Gate { get; } = new(new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString).Port);

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Postgres"] = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Port = Gate.Port, Timeout = 2 }.ConnectionString,
        ["Sluice:SweepIntervalSeconds"] = "1",
        ["Sluice:StatisticsIntervalSeconds"] = "1",
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Gate.Dispose();
    }
}

/// <summary>An outage is logged once when it starts and once when it ends, however much fails in between.</summary>
public sealed class OutageLogTests(GatedStorageApp app) : IClassFixture<GatedStorageApp>
{
    [Fact]
    public async Task Given_PostgreSQL_gone_for_seconds_while_requests_and_jobs_fail_When_it_returns_Then_the_log_has_one_line_for_the_start_and_one_for_the_end()
    {
        using var api = app.Api();
        Assert.Equal(HttpStatusCode.Created, (await api.Put("/v2/queues/q")).Status);
        await api.PostMessages("q", "1", "2");
        var mark = app.Log.Count;

        app.Gate.Shut();
        // Requests for three seconds: long enough for every background loop (1 s or less apart) to fail too.
        var failed = 0;
        var outage = Stopwatch.StartNew();
        while (outage.Elapsed < TimeSpan.FromSeconds(3))
        {
            var reply = failed % 2 == 0 ? await api.Get("/v2/queues/q/messages?echo=true") : await api.Post("/v2/queues/q/claims", "{}");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, reply.Status);
            failed++;
        }
        var during = app.Log.Since(mark);
        app.Gate.Open();
        var back = Stopwatch.StartNew();
        while ((await api.Get("/v2/queues/q/stats")).Status != HttpStatusCode.OK)
        {
            Assert.True(back.Elapsed < TimeSpan.FromSeconds(30), "the service did not recover within 30 s of PostgreSQL returning");
        }
        var ended = await Line(mark, "Storage outage over", TimeSpan.FromSeconds(10));

        var started = Assert.Single(during, l => l.Message.StartsWith("Storage outage: ", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, started.Level);
        Assert.All(during, l => Assert.Null(l.Exception));
        Assert.True(during.Sum(l => l.Length) < 2_000, $"{failed} failed requests logged {during.Sum(l => l.Length)} characters:\n" + string.Join("\n", during.Select(l => l.Message)));
        var counted = long.Parse(Regex.Match(ended.Message, @"; (\d+) requests").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(counted > failed, $"the end line counts {counted} failures; {failed} requests failed, and background runs too");
        Assert.Single(app.Log.Since(mark), l => l.Message.StartsWith("Storage outage", StringComparison.Ordinal) && l != started);
    }

    /// <summary>The first line since <paramref name="mark"/> that starts so, once it is written.</summary>
    private async Task<LogLine> Line(long mark, string start, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (app.Log.Since(mark).FirstOrDefault(l => l.Message.StartsWith(start, StringComparison.Ordinal)) is { } line) return line;
            Assert.True(deadline.Elapsed < within, $"no line starting \"{start}\" within {within.TotalSeconds} s");
            await Task.Delay(50);
        }
    }
}
