using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Sluice.Benchmarks;

/// <summary>What the push measurement saw.</summary>
internal sealed record PushResult(
    int Messages, double DeliveredPerSecond, double P50Ms, double P95Ms, double P99Ms, double MaxMs, int Duplicates, int Missing, double Seconds);

/// <summary>
/// Push subscriptions (README "Push subscriptions"), Sluice only: a webhook receiver in this process on loopback
/// (HttpListener, always 200), one subscription, <c>messages</c> posted by 8 workers in batches of 10 as fast as the
/// service takes them. Latency is from the post's acknowledgement to the webhook's arrival, mostly time spent behind the
/// burst; throughput is messages over first post to last arrival. Every id must arrive.
/// </summary>
internal static class Push
{
    public static async Task<PushResult> Run(Uri baseUri, string project, int messages, CancellationToken ct)
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/hook/");
        listener.Start();
        var arrived = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var duplicates = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var receivers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await listener.GetContextAsync().WaitAsync(stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using var body = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var json = await body.ReadToEndAsync(stop.Token);
                var id = JsonDocument.Parse(json).RootElement.GetProperty("message_id").GetString()!;
                if (!arrived.TryAdd(id, Stats.Now())) Interlocked.Increment(ref duplicates);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }, stop.Token)).ToArray();

        var queue = "push";
        await using (var setup = new SluiceClient(baseUri, project))
        {
            var status = await setup.PostJson($"/v2/queues/{queue}/subscriptions", $"{{\"subscriber\":\"http://127.0.0.1:{port}/hook/\"}}", ct);
            if (status != 201) throw new BenchFailureException($"subscribing answered HTTP {status}");
        }

        var posted = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var left = messages;
        var start = Stats.Now();
        await Task.WhenAll(Enumerable.Range(0, Scenarios<string>.Connections).Select(async _ =>
        {
            await using var client = new SluiceClient(baseUri, project);
            while (Interlocked.Add(ref left, -Scenarios<string>.Batch) >= 0)
            {
                var ids = await client.Post(queue, Scenarios<string>.Batch, Stats.Now(), ct);
                var acked = Stats.Now();
                foreach (var id in ids) posted[id] = acked;
            }
        }));

        var deadline = Stats.Now() + (120 * System.Diagnostics.Stopwatch.Frequency);
        while (posted.Keys.Any(id => !arrived.ContainsKey(id)) && Stats.Now() < deadline) await Task.Delay(50, ct);
        await stop.CancelAsync();
        listener.Stop();
        await Task.WhenAll(receivers);

        var latencies = posted.Where(p => arrived.ContainsKey(p.Key)).Select(p => arrived[p.Key] - p.Value).ToList();
        var (p50, p95, p99, max) = Stats.Percentiles(latencies);
        var last = arrived.Values.DefaultIfEmpty(start).Max();
        var seconds = Stats.Seconds(last - start);
        return new PushResult(posted.Count, latencies.Count / seconds, p50, p95, p99, max, duplicates, posted.Count - latencies.Count, seconds);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
