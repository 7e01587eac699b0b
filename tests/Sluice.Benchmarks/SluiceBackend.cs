using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Sluice.Benchmarks;

/// <summary>
/// The service over loopback HTTP/1.1 with keep-alive: one HttpClient and handler (one connection) per worker. With
/// <paramref name="credentials"/>, every request carries them (a service in a token mode).
/// </summary>
internal sealed class SluiceBackend(Uri baseUri, Credentials? credentials = null) : IBackend<string>
{
    public string Name => "sluice";

    public Task<IQueueClient<string>> Connect(string project, CancellationToken ct) =>
        Task.FromResult<IQueueClient<string>>(new SluiceClient(baseUri, project, credentials));

    public Task BeforeDrain(CancellationToken ct) => Task.CompletedTask;

    public async Task CreateQueue(string project, string queue, CancellationToken ct)
    {
        // Retried while the service answers 503 (its schema is still being made at start-up).
        await using var client = new SluiceClient(baseUri, project, credentials);
        for (var attempt = 0; ; attempt++)
        {
            var status = await client.Put($"/v2/queues/{queue}", ct);
            if (status is 201 or 204) return;
            if (status != 503 || attempt > 600) throw new BenchFailureException($"PUT /v2/queues/{queue} answered HTTP {status}");
            await Task.Delay(100, ct);
        }
    }

    public async Task Purge(string project, string queue, CancellationToken ct)
    {
        await using var client = new SluiceClient(baseUri, project, credentials);
        await client.Delete($"/v2/queues/{queue}", ct);
    }

    public async Task<long?> Remaining(string project, string queue, CancellationToken ct)
    {
        await using var client = new SluiceClient(baseUri, project, credentials);
        return await client.Total(queue, ct);
    }
}

internal sealed class SluiceClient : IQueueClient<string>
{
    private static readonly byte[] ClaimBody = "{\"ttl\":300,\"grace\":60}"u8.ToArray();
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;

    /// <summary>A connection for <paramref name="project"/>; with none, each post names its own (<see cref="PostAs"/>).</summary>
    public SluiceClient(Uri baseUri, string? project, Credentials? credentials = null)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxConnectionsPerServer = 1,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = baseUri,
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        _http.DefaultRequestHeaders.ExpectContinue = false;
        _http.DefaultRequestHeaders.ConnectionClose = false;
        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.Add("Client-ID", Guid.NewGuid().ToString("D"));
        if (project is not null) _http.DefaultRequestHeaders.Add("X-Project-ID", project);
        if (credentials is not null) _http.DefaultRequestHeaders.TryAddWithoutValidation(credentials.Header, credentials.Value);
    }

    private async Task<(int Status, byte[] Body)> Send(HttpMethod method, string path, byte[]? body, CancellationToken ct, string? project = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (project is not null) request.Headers.Add("X-Project-ID", project);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = Json;
        }
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(ct);
        return ((int)response.StatusCode, bytes);
    }

    public async Task<int> PostJson(string path, string json, CancellationToken ct) =>
        (await Send(HttpMethod.Post, path, System.Text.Encoding.UTF8.GetBytes(json), ct)).Status;

    public async Task<int> Delete(string path, CancellationToken ct) => (await Send(HttpMethod.Delete, path, null, ct)).Status;

    public async Task<int> Put(string path, CancellationToken ct) => (await Send(HttpMethod.Put, path, "{}"u8.ToArray(), ct)).Status;

    public async Task<long?> Total(string queue, CancellationToken ct)
    {
        var (status, body) = await Send(HttpMethod.Get, $"/v2/queues/{queue}/stats", null, ct);
        if (status != 200) return null;
        using var doc = JsonDocument.Parse(body);
        return doc.RootElement.TryGetProperty("messages", out var m) && m.TryGetProperty("total", out var t) && t.TryGetInt64(out var n) ? n : null;
    }

    public Task<List<string>> Post(string queue, int count, long ticks, CancellationToken ct) => PostAs(null, queue, count, ticks, ct);

    /// <summary>A post into <paramref name="project"/>'s queue (the client's own project when null).</summary>
    public async Task<List<string>> PostAs(string? project, string queue, int count, long ticks, CancellationToken ct)
    {
        var (status, body) = await Send(HttpMethod.Post, $"/v2/queues/{queue}/messages", Bodies.PostRequest(count, ticks), ct, project);
        if (status != 201) throw new BenchFailureException($"HTTP {status}");
        var ids = ParseResources(body);
        if (ids.Count != count) throw new BenchFailureException("201 with a wrong number of resources");
        return ids;
    }

    public async Task<List<ClaimedMessage<string>>> Claim(string queue, int limit, CancellationToken ct)
    {
        var (status, body) = await Send(HttpMethod.Post, $"/v2/queues/{queue}/claims?limit={limit}", ClaimBody, ct);
        if (status == 204) return [];
        if (status != 201) throw new BenchFailureException($"HTTP {status}");
        var messages = ParseClaim(body);
        if (messages.Count == 0) throw new BenchFailureException("201 claim without messages");
        return messages;
    }

    public async Task DeleteMany(string queue, List<string> ids, CancellationToken ct)
    {
        var (status, _) = await Send(HttpMethod.Delete, $"/v2/queues/{queue}/messages?ids={string.Join(',', ids)}", null, ct);
        if (status != 204) throw new BenchFailureException($"HTTP {status}");
    }

    public async Task DeleteOne(string queue, ClaimedMessage<string> message, CancellationToken ct)
    {
        var path = message.Href ?? $"/v2/queues/{queue}/messages/{message.Id}";
        var (status, _) = await Send(HttpMethod.Delete, path, null, ct);
        if (status != 204) throw new BenchFailureException($"HTTP {status}");
    }

    /// <summary><c>{"resources":["/v2/queues/q/messages/ID",…]}</c> → the ids.</summary>
    private static List<string> ParseResources(byte[] json)
    {
        var ids = new List<string>(10);
        var reader = new Utf8JsonReader(json);
        var inResources = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                inResources = reader.ValueTextEquals("resources"u8);
            }
            else if (inResources && reader.TokenType == JsonTokenType.String && reader.CurrentDepth == 2)
            {
                var href = reader.GetString()!;
                ids.Add(href[(href.LastIndexOf('/') + 1)..]);
            }
        }
        return ids;
    }

    /// <summary><c>{"messages":[{"id","href","ttl","age","body":{"t":…}},…]}</c> → id, href and the body's t.</summary>
    private static List<ClaimedMessage<string>> ParseClaim(byte[] json)
    {
        var messages = new List<ClaimedMessage<string>>(10);
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
            if (!reader.ValueTextEquals("messages"u8))
            {
                reader.Skip();
                continue;
            }
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartArray) throw new BenchFailureException("claim: messages is not an array");
            while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
            {
                string? id = null, href = null;
                long ticks = -1;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("id"u8))
                    {
                        reader.Read();
                        id = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("href"u8))
                    {
                        reader.Read();
                        href = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("body"u8))
                    {
                        reader.Read();
                        ticks = BodyTicks(ref reader);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                if (id is null) throw new BenchFailureException("claim: a message without id");
                messages.Add(new ClaimedMessage<string>(id, href, Guid.Empty, ticks));
            }
        }
        return messages;
    }

    /// <summary>At the body's first token: its <c>t</c> (or -1), leaving the reader on the body's last token.</summary>
    private static long BodyTicks(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return -1;
        }
        long ticks = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isT = reader.ValueTextEquals("t"u8);
            reader.Read();
            if (isT && reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var t)) ticks = t;
            else reader.Skip();
        }
        return ticks;
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
