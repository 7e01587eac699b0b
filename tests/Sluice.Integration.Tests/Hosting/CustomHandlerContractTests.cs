using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Hosting;

/// <summary>
/// The published package run the way the Functions host runs it: the executable from host.json, started in its
/// working directory with FUNCTIONS_CUSTOMHANDLER_PORT, polled on GET / until it answers; client requests forwarded
/// with the proxy's headers; timer invocations posted to /{function}.
/// </summary>
public sealed class CustomHandlerContractTests : IAsyncLifetime, IDisposable
{
    private readonly string _schema = TestDatabase.NewSchema(nameof(CustomHandlerContractTests));
    private string _root = "";
    private Process? _process;
    private HttpClient _client = new();
    private TimeSpan _startup;

    public async Task InitializeAsync()
    {
        _root = Package.Extract();
        var host = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_root, "host.json")))!["customHandler"]!["description"]!;
        var port = FreePort();
        var info = new ProcessStartInfo(Path.Combine(_root, (string)host["defaultExecutablePath"]!))
        {
            WorkingDirectory = Path.Combine(_root, (string)host["workingDirectory"]!),
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["Sluice__Auth__AnonymousBehindHost"] = "true"; // the test is the host, on loopback
        info.Environment["FUNCTIONS_CUSTOMHANDLER_WORKER_ID"] = Guid.NewGuid().ToString();
        info.Environment["FUNCTIONS_APP_ROOT_PATH"] = _root;
        info.Environment["Sluice__Postgres"] = TestDatabase.ConnectionString;
        info.Environment["Sluice__Schema"] = _schema;
        var clock = Stopwatch.StartNew();
        _process = Process.Start(info) ?? throw new InvalidOperationException("the package's executable did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        // The host's readiness check: any HTTP answer to GET / (only a refused connection means not ready).
        while (true)
        {
            Assert.False(_process.HasExited, $"the handler exited with {(_process.HasExited ? _process.ExitCode : 0)}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the handler did not answer GET / within the host's 30 s");
            try
            {
                using var reply = await _client.GetAsync("/");
                break;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(20);
            }
        }
        _startup = clock.Elapsed;

        // Under the host the schema is made in the background; store-backed requests answer 503 until then.
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/queues");
            request.Headers.Add("Client-ID", Guid.NewGuid().ToString());
            request.Headers.Add("X-Project-ID", "contract");
            using var reply = await _client.SendAsync(request);
            if (reply.StatusCode != HttpStatusCode.ServiceUnavailable) break;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "the store was not ready within 30 s");
            await Task.Delay(20);
        }
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false }) await KillAsync(_process);
        await TestDatabase.DropSchema(_schema);
        if (_root.Length > 0) Directory.Delete(_root, recursive: true);
    }

    public void Dispose()
    {
        _process?.Dispose();
        _client.Dispose();
    }

    [Fact]
    public async Task The_handler_starts_well_inside_the_host_limit_and_serves_the_root()
    {
        Assert.True(_startup < TimeSpan.FromSeconds(5), $"start-up took {_startup}");
        using var reply = await _client.GetAsync("/");
        // Zaqar's version list answers 300 Multiple Choices (contract §3.1).
        Assert.Equal(HttpStatusCode.MultipleChoices, reply.StatusCode);
        Assert.Contains("\"versions\"", await reply.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forwarded_client_requests_are_answered_as_the_api()
    {
        var queue = "q-" + Guid.NewGuid().ToString("N")[..10];
        var clientId = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await Forward(HttpMethod.Put, $"/v2/queues/{queue}", clientId, null)).Status);
        var posted = await Forward(HttpMethod.Post, $"/v2/queues/{queue}/messages", clientId, """{"messages":[{"body":{"n":1},"ttl":300}]}""");
        Assert.Equal(HttpStatusCode.Created, posted.Status);
        var listed = await Forward(HttpMethod.Get, $"/v2/queues/{queue}/messages?echo=true", clientId, null);
        Assert.Equal(HttpStatusCode.OK, listed.Status);
        Assert.Equal(1, (int)JsonNode.Parse(listed.Body)!["messages"]![0]!["body"]!["n"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await Forward(HttpMethod.Get, "/v2/ping", clientId, null)).Status);
    }

    [Fact]
    public async Task Timer_invocations_are_answered_with_the_host_shape_and_forwarded_ones_are_refused()
    {
        foreach (var function in new[] { "sweep", "statistics", "notify" })
        {
            using var request = Invocation(function);
            using var reply = await _client.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            Assert.Equal("application/json", reply.Content.Headers.ContentType?.MediaType);
            var body = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!.AsObject();
            Assert.Empty(body["Outputs"]!.AsObject());
            Assert.StartsWith(function + ": ", body["Logs"]![0]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.True(body.ContainsKey("ReturnValue"));
        }

        using var forwarded = Invocation("sweep");
        forwarded.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var refused = await _client.SendAsync(forwarded);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    private async Task<(HttpStatusCode Status, string Body)> Forward(HttpMethod method, string path, string clientId, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        request.Headers.Add("Client-ID", clientId);
        request.Headers.Add("X-Project-ID", "contract");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-Host", "func-sluice.azurewebsites.net");
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.Add("X-Azure-Functions-HostVersion", "4.1040.0");
        using var reply = await _client.SendAsync(request);
        return (reply.StatusCode, await reply.Content.ReadAsStringAsync());
    }

    private static HttpRequestMessage Invocation(string function)
    {
        var payload = """
            {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":{"Last":"2026-11-24T10:00:00+00:00","Next":"2026-11-24T10:00:10+00:00","LastUpdated":"2026-11-24T10:00:00+00:00"},"IsPastDue":false}},
             "Metadata":{"sys":{"MethodName":"FUNCTION","UtcNow":"2026-11-24T10:00:10.0123Z","RandGuid":"0f8fad5b-d9cb-469f-a165-70867728950e"}}}
            """.Replace("FUNCTION", function, StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Post, "/" + function) { Content = new StringContent(payload, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        request.Headers.UserAgent.ParseAdd("Azure-Functions-Host/4.1040.0");
        return request;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task KillAsync(Process process)
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }
}
