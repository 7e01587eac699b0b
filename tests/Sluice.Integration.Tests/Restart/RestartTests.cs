using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Restart;

/// <summary>
/// Killing the service process mid-run (SIGKILL, no shutdown) loses nothing it acknowledged: every message that
/// got a 201 is there, with its body, after a restart on the same database (issue 2).
/// </summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly string _schema = TestDatabase.NewSchema(nameof(RestartTests));

    [Fact]
    public async Task Given_producers_posting_When_the_process_is_killed_and_restarted_Then_every_acknowledged_message_is_kept()
    {
        var port = ServiceProcess.FreePort();
        var acknowledged = new ConcurrentDictionary<string, string>();
        using (var first = await ServiceProcess.Start(port, _schema))
        {
            using var cancel = new CancellationTokenSource();
            var producers = Enumerable.Range(0, 4).Select(p => Produce(port, p, acknowledged, cancel.Token)).ToArray();
            while (acknowledged.Count < 300) await Task.Delay(10);
            first.Kill();
            await cancel.CancelAsync();
            await Task.WhenAll(producers);
        }
        using var second = await ServiceProcess.Start(port, _schema);
        using var client = Client(port);
        foreach (var chunk in acknowledged.Keys.Chunk(20))
        {
            using var response = await client.GetAsync($"/v2/queues/restart/messages?ids={string.Join(',', chunk)}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var found = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["messages"]!.AsArray()
                .ToDictionary(m => m!["id"]!.GetValue<string>(), m => m!["body"]!.ToJsonString());
            foreach (var id in chunk) Assert.Equal(acknowledged[id], found[id]);
        }
    }

    private static async Task Produce(int port, int producer, ConcurrentDictionary<string, string> acknowledged, CancellationToken ct)
    {
        using var client = Client(port);
        for (var n = 0; !ct.IsCancellationRequested; n++)
        {
            var body = $"{{\"p\":{producer},\"n\":{n}}}";
            try
            {
                using var content = new StringContent($"{{\"messages\":[{{\"body\":{body}}}]}}", Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("/v2/queues/restart/messages", content, ct);
                if (response.StatusCode != HttpStatusCode.Created) continue;
                var id = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!["resources"]![0]!.GetValue<string>().Split('/')[^1];
                acknowledged[id] = body;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
            {
                // Unacknowledged: the process died under this request. Only 201s count.
            }
        }
    }

    private static HttpClient Client(int port)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("Client-ID", Guid.NewGuid().ToString());
        client.DefaultRequestHeaders.Add("X-Project-ID", "restart");
        return client;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => TestDatabase.DropSchema(_schema);
}
