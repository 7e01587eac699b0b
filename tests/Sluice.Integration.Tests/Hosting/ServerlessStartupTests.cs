using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Hosting;

/// <summary>Serverless, pointed at a PostgreSQL that accepts connections and never answers (a silent listener).</summary>
public sealed class SilentStorageServerlessApp : SluiceApp
{
    private readonly TcpListener _silent = Silent();

    protected override bool StorageReachable => false;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7071", ["Sluice:Auth:AnonymousBehindHost"] = "true",
        ["Sluice:Postgres"] = $"Host=127.0.0.1;Port={((IPEndPoint)_silent.LocalEndpoint).Port};Username=sluice;Database=sluice;Timeout=10",
    };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _silent.Dispose();
    }

    private static TcpListener Silent()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start(); // connections complete in the backlog and are never read from
        return listener;
    }
}

/// <summary>Serverless, pointed at a PostgreSQL that answers but has no such database: a permanent failure.</summary>
public sealed class MissingDatabaseServerlessApp : SluiceApp
{
    protected override bool StorageReachable => false;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7071", ["Sluice:Auth:AnonymousBehindHost"] = "true",
        ["Sluice:Postgres"] = new Npgsql.NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { Database = "sluice_no_such_database" }.ConnectionString,
    };
}

/// <summary>
/// The host gives the handler 30 s to answer GET / and PostgreSQL may take longer (a failover, a token fetch): under
/// the host nothing waits for it. The root answers at once and store-backed requests answer 503 meanwhile.
/// </summary>
public sealed class ServerlessStartupTests
{
    [Fact]
    public async Task Given_a_postgresql_that_does_not_answer_When_started_under_the_host_Then_it_serves_at_once()
    {
        await using var app = new SilentStorageServerlessApp();
        var clock = Stopwatch.StartNew();
        await ((IAsyncLifetime)app).InitializeAsync();
        using var client = app.Raw();
        using var root = await client.GetAsync("/");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"serving took {clock.Elapsed} behind a 10 s connection timeout");
        Assert.Equal(HttpStatusCode.MultipleChoices, root.StatusCode);

        await AssertStoreUnavailable(client);
    }

    [Fact]
    public async Task Given_a_database_that_does_not_exist_When_started_under_the_host_Then_it_keeps_serving_and_retrying()
    {
        await using var app = new MissingDatabaseServerlessApp();
        await ((IAsyncLifetime)app).InitializeAsync();
        var schema = app.Services.GetRequiredService<Sluice.Infra.Postgres.SchemaState>();
        var clock = Stopwatch.StartNew();
        while (schema.Failures < 2)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "no second migration attempt within 20 s");
            await Task.Delay(20);
        }

        Assert.False(app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        using var client = app.Raw();
        using var root = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.MultipleChoices, root.StatusCode);
        await AssertStoreUnavailable(client);

        // A timer invocation meanwhile is a success that did nothing, not a failed run.
        using var sweep = await client.PostAsync("/sweep", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, sweep.StatusCode);
        Assert.Contains("not ready", await sweep.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A store-backed request answers 503 in the API's error format.</summary>
    private static async Task AssertStoreUnavailable(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/queues");
        request.Headers.Add("Client-ID", Guid.NewGuid().ToString());
        request.Headers.Add("X-Project-ID", "startup");
        using var queues = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, queues.StatusCode);
        Assert.Contains("\"title\"", await queues.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
