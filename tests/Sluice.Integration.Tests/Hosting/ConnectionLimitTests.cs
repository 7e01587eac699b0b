using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Hosting;

/// <summary>
/// Kestrel's limits on the real service over real sockets (README "Configuration", Sluice:Kestrel), set short here:
/// 2 s for headers and for an idle keep-alive connection, where Kestrel's own are 30 s and 130 s. A client that holds
/// a connection without finishing its request, or leaves it idle, is cut soon after; a long poll or an event stream
/// that writes nothing for longer than every limit is not. Lateness is bounded generously (a shared, noisy machine),
/// yet far below Kestrel's own timeouts.
/// </summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private static readonly TimeSpan Cut = TimeSpan.FromSeconds(10);

    private const int Cap = 8;

    private readonly string _schema = TestDatabase.NewSchema(nameof(ConnectionLimitTests));
    private readonly int _port = ServiceProcess.FreePort();
    private ServiceProcess _service = null!;

    public async Task InitializeAsync() => _service = await ServiceProcess.Start(_port, _schema, new Dictionary<string, string>
    {
        ["Sluice__Kestrel__RequestHeadersTimeoutSeconds"] = "2",
        ["Sluice__Kestrel__KeepAliveTimeoutSeconds"] = "2",
        ["Sluice__Kestrel__MinDataRateGraceSeconds"] = "2",
        ["Sluice__Kestrel__MaxConcurrentConnections"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public async Task DisposeAsync()
    {
        _service.Dispose();
        await TestDatabase.DropSchema(_schema);
    }

    [Fact]
    public async Task A_client_sending_its_headers_a_byte_at_a_time_is_cut_after_the_header_timeout()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _port);
        var stream = tcp.GetStream();
        // 200 bytes at one per 250 ms would take 50 s: only the service can end this.
        var headers = Encoding.ASCII.GetBytes("GET /v2/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + new string('a', 150));
        using var stop = new CancellationTokenSource();
        var clock = Stopwatch.StartNew();
        var drip = Drip(stream, headers, stop.Token);

        var (answer, closedAfter) = await ReadUntilClosed(stream, clock);
        await stop.CancelAsync();
        await drip;

        Assert.InRange(closedAfter, TimeSpan.FromSeconds(1.5), Cut);
        Assert.StartsWith("HTTP/1.1 408", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idle_keep_alive_connection_is_closed_after_the_keep_alive_timeout()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _port);
        var stream = tcp.GetStream();
        var answer = await Ping(stream);
        var clock = Stopwatch.StartNew();
        Assert.StartsWith("HTTP/1.1 204", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection: close", answer, StringComparison.OrdinalIgnoreCase);

        var (after, closedAfter) = await ReadUntilClosed(stream, clock);

        Assert.Equal("", after);
        Assert.InRange(closedAfter, TimeSpan.FromSeconds(1.5), Cut);
    }

    [Fact]
    public async Task A_long_poll_and_an_event_stream_that_write_nothing_for_longer_than_every_limit_are_not_cut()
    {
        var queue = "limits-" + Guid.NewGuid().ToString("N")[..8];
        using var client = Client();
        using var created = await client.PutAsync($"/v2/queues/{queue}", null);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var events = new HttpRequestMessage(HttpMethod.Get, $"/v2/queues/{queue}/events");
        events.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var streamClient = Client();
        using var stream = await streamClient.SendAsync(events, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        using var lines = new StreamReader(await stream.Content.ReadAsStreamAsync());
        var clock = Stopwatch.StartNew();

        // Two long polls of 6 s on their own connections: three times the 2 s limits and the rates' grace.
        using var pollClient = Client();
        using var claimClient = Client();
        var poll = pollClient.GetAsync($"/v2/queues/{queue}/messages?wait=6");
        var claim = claimClient.PostAsync($"/v2/queues/{queue}/claims?wait=6", new StringContent("{\"ttl\":60,\"grace\":60}", Encoding.UTF8, "application/json"));
        using (var polled = await poll) Assert.True(polled.IsSuccessStatusCode, $"the long poll answered {polled.StatusCode}");
        using (var claimed = await claim) Assert.Equal(HttpStatusCode.NoContent, claimed.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(5.5), $"the long polls ended after {clock.Elapsed}");

        // The stream has been silent all along (its keep-alive comment comes every 15 s); a post now still arrives on it.
        var marker = Guid.NewGuid().ToString("N");
        using var posted = await client.PostAsync($"/v2/queues/{queue}/messages",
            new StringContent($"{{\"messages\":[{{\"body\":\"{marker}\"}}]}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        using var give = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await lines.ReadLineAsync(give.Token) is { } line)
        {
            if (line.StartsWith("data:", StringComparison.Ordinal) && line.Contains(marker, StringComparison.Ordinal)) return;
        }
        Assert.Fail("the event stream ended before the post arrived on it");
    }

    [Fact]
    public async Task Connections_beyond_the_cap_are_refused_and_a_closed_one_frees_its_slot()
    {
        var held = new List<TcpClient>();
        try
        {
            // Whatever this class's other connections still hold, one more than the cap is refused.
            TcpClient? refused = null;
            while (refused is null)
            {
                Assert.True(held.Count <= Cap, $"{held.Count} connections served at once, over the cap of {Cap}");
                var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, _port);
                if ((await Ping(tcp.GetStream())).StartsWith("HTTP/1.1 204", StringComparison.Ordinal)) held.Add(tcp);
                else refused = tcp;
            }
            refused.Dispose();
            Assert.NotEmpty(held);

            held[0].Dispose();
            await Horizon.Until(async () =>
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, _port);
                return (await Ping(tcp.GetStream())).StartsWith("HTTP/1.1 204", StringComparison.Ordinal);
            }, "a connection was served once one of those at the cap closed");
        }
        finally
        {
            foreach (var tcp in held) tcp.Dispose();
        }
    }

    /// <summary>Sends a ping on a raw connection: its answer (which has no body, so one read holds it), or "" when the service hung up.</summary>
    private static async Task<string> Ping(NetworkStream stream)
    {
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"GET /v2/ping HTTP/1.1\r\nHost: 127.0.0.1\r\nClient-ID: {Guid.NewGuid()}\r\nX-Project-ID: limits\r\n\r\n"));
            var buffer = new byte[4096];
            var read = await stream.ReadAsync(buffer);
            return Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private HttpClient Client()
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("Client-ID", Guid.NewGuid().ToString());
        client.DefaultRequestHeaders.Add("X-Project-ID", "limits");
        return client;
    }

    /// <summary>Writes <paramref name="bytes"/> one every 250 ms until done, stopped, or the service closes the connection.</summary>
    private static async Task Drip(NetworkStream stream, byte[] bytes, CancellationToken stop)
    {
        try
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                await stream.WriteAsync(bytes.AsMemory(i, 1), stop);
                await Task.Delay(250, stop);
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            // the service hung up, as it should, or the test is over
        }
    }

    /// <summary>Whatever the service still sends, and when (on <paramref name="clock"/>) it closed the connection; at most 30 s.</summary>
    private static async Task<(string Answer, TimeSpan ClosedAfter)> ReadUntilClosed(NetworkStream stream, Stopwatch clock)
    {
        using var give = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, give.Token)) > 0) answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        catch (IOException)
        {
            // reset rather than closed: cut all the same
        }
        catch (OperationCanceledException) when (give.IsCancellationRequested)
        {
            // still open after 30 s: the caller's bound fails
        }
        return (answer.ToString(), clock.Elapsed);
    }
}
