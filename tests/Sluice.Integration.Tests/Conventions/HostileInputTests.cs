using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Functions.Hosting;
using Sluice.Functions.Http;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Conventions;

/// <summary>The service behind real Kestrel, where malformed HTTP is refused before the app; long polls capped at 1 s.</summary>
public sealed class KestrelApp : SluiceApp
{
    public KestrelApp() => UseKestrel(0);

    protected override bool Kestrel => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Sluice:Limits:MaxWait"] = "1" };
}

/// <summary>
/// Hostile input, generated: every route the service maps, driven with malformed paths, query strings, headers and
/// bodies over a real socket. No answer may be a 5xx; a refusal is a 4xx in the error format that appends no event;
/// and a control tenant's state is the same afterwards. The generator is seeded, so a failure replays exactly.
/// </summary>
public sealed class HostileInputTests(KestrelApp app) : IClassFixture<KestrelApp>
{
    private const int Requests = 10_000;
    private const int Seed = 20261207;

    [Fact]
    public async Task Given_generated_hostile_requests_on_every_route_When_sent_Then_none_is_a_5xx_refusals_change_nothing_and_the_control_tenant_is_untouched()
    {
        using var control = app.Api("control");
        var controlBefore = await Snapshot.Of(control, await Seeds.Plant(control), app.Schema);
        using var fuzz = app.Api(Seeds.Tenant);
        var seeds = await Seeds.Plant(fuzz);
        // Header values go out as UTF-8 bytes, which HttpClient would otherwise refuse to send.
        using var hostile = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 });
        await using var sql = await SchemaConnection.Open(app.Schema);
        var generator = new HostileRequests(new Random(Seed), Routes(), () => seeds);
        var failures = new SortedDictionary<string, (int Count, string Example)>(StringComparer.Ordinal);
        var covered = new Dictionary<string, int>();

        for (var i = 0; i < Requests; i++)
        {
            if (i % 250 == 249) seeds = await Seeds.Plant(fuzz);
            var request = generator.Next();
            var events = await Events(sql);
            var (status, contentType, body, refusedByKestrel) = await Send(hostile, request.ToMessage(Server()));
            var kind = $"{request.Method} {request.Route} / {request.Class}";
            covered[kind] = covered.GetValueOrDefault(kind) + 1;
            var failure = status >= 500 ? $"{status}"
                : status >= 400 && await Events(sql) != events ? $"{status} appended events"
                : status is >= 400 and not 406 && request.Method != "HEAD" && !refusedByKestrel && !IsError(contentType, body) ? $"{status} without an error body"
                : null;
            if (failure is null) continue;
            var key = $"{failure} on {kind}";
            var seen = failures.GetValueOrDefault(key);
            failures[key] = (seen.Count + 1, seen.Example ?? $"{request}: {body}");
        }

        Assert.True(failures.Count == 0, $"{failures.Values.Sum(f => f.Count)} of {Requests} hostile requests mishandled (seed {Seed}):\n"
            + string.Join("\n", failures.Select(f => $"{f.Key} ({f.Value.Count}x), e.g. {f.Value.Example}")));
        // Every route and method met every class of hostile input, so a new route is fuzzed too.
        var expected = Routes().SelectMany(r => r.Methods.SelectMany(m => HostileRequests.Classes.Select(c => $"{m} {r.Template} / {c}"))).ToList();
        var missed = expected.Where(k => covered.GetValueOrDefault(k) == 0).ToList();
        Assert.True(missed.Count == 0, "never generated: " + string.Join("; ", missed));
        Assert.Equal(controlBefore, await Snapshot.Of(control, controlBefore.Seeds, app.Schema));
    }

    /// <summary>
    /// Hostile inputs named one by one, each of which once answered 500: lone surrogate escapes and NUL in JSON the
    /// service parses (both are refused: neither can be stored), duplicate keys (the last wins, as in Zaqar's Python),
    /// cursors that are not cursors, NUL in query parameters, a renewal grace at int's limit (accepted, contract §6.3).
    /// </summary>
    public static TheoryData<string, string, string?, string?> Examples => new()
    {
        { "PUT", "/v2/queues/target", "{\"description\":\"\\udc00x\"}", null },
        { "PUT", "/v2/queues/target", "{\"description\":\"a\\u0000b\"}", null },
        { "PUT", "/v2/queues/target", "{\"\\u0000\":1}", null },
        { "PATCH", "/v2/queues/target", "[{\"op\":\"add\",\"path\":\"/metadata/k\",\"value\":\"\\ud800\"}]", null },
        { "PATCH", "/v2/queues/target", "[{\"op\":\"add\",\"op\":7,\"path\":\"/metadata/k\",\"value\":1}]", null },
        { "POST", "/v2/queues/target/subscriptions", "{\"subscriber\":\"http://example.com/a\",\"options\":{\"k\":\"\\udc00x\"}}", null },
        { "POST", "/v2/queues/target/subscriptions", "{\"subscriber\":\"http://example.com/a\",\"options\":{\"k\":\"\\u0000\"}}", null },
        { "POST", "/v2/queues/target/subscriptions", "{\"subscriber\":\"http://example.com/a\",\"ttl\":60,\"ttl\":\"x\"}", null },
        { "PATCH", "/v2/queues/target/subscriptions/{subscription}", "{\"ttl\":3600,\"ttl\":\"x\"}", null },
        { "PUT", "/v2/queues/target/subscriptions/{subscription}/confirm", "{\"confirmed\":true,\"confirmed\":\"x\"}", null },
        { "PUT", "/v2/queues/target/subscriptions/{subscription}/confirm", "{\"confirmed\":\"\\udc00\"}", null },
        { "POST", "/v2/queues/target/claims", "{\"ttl\":60,\"ttl\":\"x\"}", null },
        { "POST", "/v2/queues/target/claims", "{\"ttl\":\"\\udc00x\"}", null },
        { "PATCH", "/v2/queues/target/claims/{claim}", "{\"ttl\":60,\"ttl\":\"x\"}", null },
        { "POST", "/v2/queues/target/purge", "{\"resource_types\":[\"messages\"],\"resource_types\":\"x\"}", null },
        { "POST", "/v2/queues/target/purge", "{\"resource_types\":[\"\\udc00x\"]}", null },
        { "GET", "/v2/queues/target/events?after=..", null, null },
        { "GET", "/v2/queues/target/events?after=%2F", null, null },
        { "GET", "/v2/events?after=0", null, null },
        { "GET", "/v2/queues/target/events", null, "Accept: text/event-stream\nLast-Event-ID: .." },
        { "GET", "/v2/queues?name=%00", null, null },
        { "GET", "/v2/queues/target/messages?marker=%00", null, null },
        { "GET", "/v2/queues?%00=1", null, null },
        { "DELETE", "/v2/queues/target/messages?ids=a%00", null, null },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task Given_a_known_hostile_input_When_sent_Then_it_is_a_4xx_in_the_error_format_that_appends_nothing(string method, string path, string? body, string? header)
    {
        using var api = app.Api();
        var seeds = await Seeds.Plant(api);
        await using var sql = await SchemaConnection.Open(app.Schema);
        var events = await Events(sql);
        var target = path.Replace("{claim}", seeds.Claim, StringComparison.Ordinal).Replace("{subscription}", seeds.Subscription, StringComparison.Ordinal);
        var request = new HttpRequestMessage(new HttpMethod(method), target);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(method == "PATCH" && path == "/v2/queues/target"
                ? "application/openstack-messaging-v2.0-json-patch" : "application/json");
        }
        foreach (var line in header?.Split('\n') ?? []) request.Headers.TryAddWithoutValidation(line.Split(": ")[0], line.Split(": ")[1]);

        var reply = await api.Send(request);

        Assert.True((int)reply.Status is >= 400 and < 500, $"{method} {path} {body} {header}: {(int)reply.Status} {reply.Body}");
        Assert.False(string.IsNullOrEmpty(reply.Title), reply.Body);
        Assert.Equal(events, await Events(sql));
    }

    [Fact]
    public async Task Given_a_request_id_no_response_header_can_carry_When_sent_Then_the_answer_carries_one_of_the_services()
    {
        using var api = app.Api();
        using var utf8 = new HttpClient(new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 }) { BaseAddress = Server() };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v2/queues");
        foreach (var (name, values) in api.Http.DefaultRequestHeaders) request.Headers.TryAddWithoutValidation(name, values);
        request.Headers.TryAddWithoutValidation("X-Openstack-Request-Id", "caf\u00e9");

        using var answer = await utf8.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.StartsWith("req-", answer.Headers.GetValues("X-Openstack-Request-Id").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_duplicate_keys_When_a_claim_is_made_Then_the_last_one_wins_as_in_Zaqar()
    {
        using var api = app.Api();
        await Seeds.Plant(api);

        var reply = await api.Post("/v2/queues/target/claims", "{\"ttl\":\"x\",\"grace\":60,\"ttl\":90}");

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(90, (await api.Get(reply.Location!)).Json!["ttl"]!.GetValue<int>());
    }

    [Fact]
    public async Task Given_a_renewal_grace_at_the_int_limit_When_renewed_Then_it_is_accepted_and_the_message_lives_on()
    {
        using var api = app.Api();
        var seeds = await Seeds.Plant(api);

        var reply = await api.Patch($"/v2/queues/target/claims/{seeds.Claim}", "{\"ttl\":43200,\"grace\":2147483647}", "application/json");

        Assert.Equal(HttpStatusCode.NoContent, reply.Status);
        var claimed = (await api.Get($"/v2/queues/target/claims/{seeds.Claim}")).Json!["messages"]!.AsArray().Single()!;
        Assert.Equal(int.MaxValue, claimed["ttl"]!.GetValue<int>());
    }

    [Fact]
    public async Task Given_a_message_body_with_a_lone_surrogate_and_NUL_When_posted_Then_it_is_kept_and_served_byte_for_byte()
    {
        using var api = app.Api();
        await api.Put("/v2/queues/raw");
        const string body = "\"\\udc00x\\u0000y\"";

        var id = (await api.PostMessages("raw", body)).Single();

        Assert.Contains("\"body\":" + body, (await api.Get($"/v2/queues/raw/messages/{id}")).Body, StringComparison.Ordinal);
    }

    /// <summary>Requests HttpClient will not send: broken framing, bytes no header may hold. Each is refused with a 4xx, never a 5xx.</summary>
    public static TheoryData<string, string> RawRequests => new()
    {
        { "chunk size overflowing 64 bits", Chunked("FFFFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n") },
        { "chunk size not hex", Chunked("zz\r\n{}\r\n0\r\n\r\n") },
        { "chunk size negative", Chunked("-5\r\n{}\r\n0\r\n\r\n") },
        { "chunk longer than said", Chunked("2\r\n{\"ttl\":60}\r\n0\r\n\r\n") },
        { "NUL in the path", Line("POST /v2/queues/a%00b/claims HTTP/1.1", "Content-Length: 2", "", "{}") },
        { "raw NUL in the path", Line("GET /v2/queues/a\0b HTTP/1.1", "", "") },
        { "NUL in a query name", Line("GET /v2/queues?%00=1 HTTP/1.1", "", "") },
        { "NUL in a header", Line("GET /v2/queues HTTP/1.1", "X-Roles: a\0b", "", "") },
        { "Content-Length not a number", Line("POST /v2/queues/q/claims HTTP/1.1", "Content-Length: 99999999999999999999", "", "{}") },
        { "Content-Length negative", Line("POST /v2/queues/q/claims HTTP/1.1", "Content-Length: -1", "", "{}") },
        { "headers over the limit", Line("GET /v2/queues HTTP/1.1", "X-Big: " + new string('a', 70_000), "", "") },
        { "invalid UTF-8 in the path", Line("GET /v2/queues/%C3%28 HTTP/1.1", "", "") },
    };

    [Theory]
    [MemberData(nameof(RawRequests))]
    public async Task Given_a_request_HttpClient_would_not_send_When_sent_raw_Then_it_is_refused_with_a_4xx(string what, string request)
    {
        using var api = app.Api(Seeds.Tenant);
        await api.Put("/v2/queues/q");
        using var socket = new TcpClient();
        await socket.ConnectAsync("127.0.0.1", Server().Port);
        var stream = socket.GetStream();
        var bytes = Encoding.Latin1.GetBytes(request.Replace("{headers}", $"Host: 127.0.0.1\r\nClient-ID: {Guid.NewGuid()}\r\nX-Project-ID: {Seeds.Tenant}\r\nConnection: close", StringComparison.Ordinal));
        await stream.WriteAsync(bytes);
        var answer = await ReadAll(stream);
        var statusLine = answer.Split("\r\n")[0];
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(statusLine, @"^HTTP/1\.1 4\d\d "), $"{what}: {answer}");
    }

    private Uri Server() => new(app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.First());

    private static string Line(string requestLine, params string[] rest) =>
        requestLine + "\r\n{headers}\r\n" + string.Join("\r\n", rest);

    private static string Chunked(string body) =>
        Line("POST /v2/queues/q/claims HTTP/1.1", "Content-Type: application/json", "Transfer-Encoding: chunked", "", body);

    private static async Task<string> ReadAll(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var buffer = new byte[8192];
        var text = new StringBuilder();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0) text.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
        catch (IOException)
        {
            // A reset after the answer is a refusal too; what was read is what counts.
        }
        return text.ToString();
    }

    /// <summary>The routes the service maps for clients (host invocations of timer functions are not client routes).</summary>
    private IReadOnlyList<Route> Routes() =>
    [
        .. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<RouteKind>() is not null && e.Metadata.GetMetadata<HostInvocation>() is null)
            .GroupBy(e => e.RoutePattern.RawText!)
            .Select(g => new Route(g.Key, [.. g.SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Distinct().Order(StringComparer.Ordinal)]))
            .OrderBy(r => r.Template, StringComparer.Ordinal),
    ];

    private static async Task<long> Events(Npgsql.NpgsqlConnection sql) => await sql.Scalar<long>("SELECT count(*) FROM events");

    /// <summary>
    /// Sends one request. RefusedByKestrel: the server refused it before the app ran (an empty 400 or 414 that closes
    /// the connection, e.g. a path that decodes to NUL or a request line over 8 KiB), which no app code can give a body.
    /// </summary>
    private static async Task<(int Status, string? ContentType, string Body, bool RefusedByKestrel)> Send(HttpClient client, HttpRequestMessage message)
    {
        using var request = message;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        var contentType = response.Content.Headers.ContentType?.MediaType;
        // A stream of Server-Sent Events does not end; its status and type are the answer.
        var body = contentType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync(timeout.Token);
        var refused = response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestUriTooLong && body.Length == 0 && response.Headers.ConnectionClose == true
            && !response.Headers.Contains("X-Openstack-Request-Id");
        return ((int)response.StatusCode, contentType, body, refused);
    }

    private static bool IsError(string? contentType, string body)
    {
        if (contentType != "application/json") return false;
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("title", out var title)
                && title.ValueKind == JsonValueKind.String;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>What a tenant can read of itself, to compare before and after.</summary>
    private sealed record Snapshot(Seeds Seeds, string Queues, string Messages, string Claim, string Subscriptions, string Events)
    {
        public static async Task<Snapshot> Of(Api api, Seeds seeds, string schema) => new(
            seeds,
            (await api.Get("/v2/queues?detailed=true")).Body,
            (await api.Get($"/v2/queues/{Seeds.Queue}/messages?echo=true&include_claimed=true&include_delayed=true")).Body,
            Without((await api.Get($"/v2/queues/{Seeds.Queue}/claims/{seeds.Claim}")).Body, "age"),
            Without((await api.Get($"/v2/queues/{Seeds.Queue}/subscriptions")).Body, "age"),
            await AllEvents(api, schema));

        /// <summary>
        /// The tenant's event stream once it shows every event the tenant has. A stream is read below the oldest
        /// transaction in flight in the whole database, so a test class running alongside can hold back for a moment
        /// what was just written.
        /// </summary>
        private static async Task<string> AllEvents(Api api, string schema)
        {
            await using var sql = await SchemaConnection.Open(schema);
            await using var count = new Npgsql.NpgsqlCommand("SELECT count(*) FROM events WHERE tenant_id = $1", sql) { Parameters = { new() { Value = api.Project } } };
            var stored = (long)(await count.ExecuteScalarAsync())!;
            var deadline = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                var body = (await api.Get("/v2/events?limit=100")).Body;
                if (System.Text.Json.Nodes.JsonNode.Parse(body)!["events"]!.AsArray().Count == stored || deadline.Elapsed > TimeSpan.FromSeconds(30)) return body;
                await Task.Delay(50);
            }
        }

        private static string Without(string json, string field) =>
            System.Text.RegularExpressions.Regex.Replace(json, $"\"{field}\":\\s*\\d+", "");
    }
}

public sealed record Route(string Template, string[] Methods);

/// <summary>The valid things a hostile request may point at: a queue with messages, a live claim, a subscription.</summary>
public sealed record Seeds(string Message, string Claim, string Subscription)
{
    public const string Tenant = "fuzz";
    public const string Queue = "target";

    /// <summary>(Re)creates the queue with three messages, one of them claimed, and a subscription.</summary>
    public static async Task<Seeds> Plant(Api api)
    {
        await api.Post($"/v2/queues/{Queue}/purge", "{}");
        Assert.True((await api.Put($"/v2/queues/{Queue}", "{\"description\":\"kept\"}")).Status is HttpStatusCode.Created or HttpStatusCode.NoContent);
        var ids = await api.PostMessages(Queue, "{\"n\":1}", "\"two\"", "3");
        var (claim, _) = await api.Claim(Queue, limit: 1);
        var subscribed = await api.Post($"/v2/queues/{Queue}/subscriptions", "{\"subscriber\":\"http://example.com/hook\",\"ttl\":3600}");
        Assert.Equal(HttpStatusCode.Created, subscribed.Status);
        return new Seeds(ids[^1], claim!, subscribed.Json!["subscription_id"]!.GetValue<string>());
    }
}
