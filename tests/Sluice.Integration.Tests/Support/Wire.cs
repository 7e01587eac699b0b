using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Support;

/// <summary>Small wire-level helpers shared by the HTTP tests: hand-built requests, header reads, queue set-up.</summary>
public static class Wire
{
    /// <summary>A request with exactly the given headers (added without validation, so malformed values go out as written).</summary>
    public static HttpRequestMessage Request(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers) Assert.True(request.Headers.TryAddWithoutValidation(name, value), name);
        return request;
    }

    /// <summary>Sets a body with an explicit Content-Type.</summary>
    public static HttpRequestMessage WithBody(this HttpRequestMessage request, string body, string contentType = "application/json")
    {
        request.Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));
        return request;
    }

    /// <summary>Sends through a client with no default headers.</summary>
    /// <summary>
    /// A request with a fresh Client-ID and only the headers given (credentials, X-Project-ID: each when not null), a
    /// JSON body when given: for tests of what each kind of credentials gets.
    /// </summary>
    public static Task<Reply> SendAs(this SluiceApp app, HttpMethod method, string path, (string Name, string Value)? credentials,
        string? project = null, string? body = null, params (string Name, string Value)[] more)
    {
        var request = Request(method, path, [("Client-ID", Guid.NewGuid().ToString()), .. more]);
        if (credentials is { } header) Assert.True(request.Headers.TryAddWithoutValidation(header.Name, header.Value), header.Name);
        if (project is not null) Assert.True(request.Headers.TryAddWithoutValidation("X-Project-ID", project));
        if (body is not null) request.WithBody(body);
        return app.SendRaw(request);
    }

    public static async Task<Reply> SendRaw(this SluiceApp app, HttpRequestMessage request)
    {
        using var api = new Api(app.Raw());
        return await api.Send(request);
    }

    /// <summary>
    /// Sends straight into the test server, bypassing HttpClient, which drops headers with empty values on the way in.
    /// Returns the status and the parsed JSON body (null when empty).
    /// </summary>
    public static async Task<(HttpStatusCode Status, JsonNode? Json)> SendDirect(this SluiceApp app, string method, string path, params (string Name, string Value)[] headers)
    {
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = method;
            c.Request.Path = path;
            foreach (var (name, value) in headers) c.Request.Headers[name] = value;
        });
        using var reader = new StreamReader(context.Response.Body);
        var body = await reader.ReadToEndAsync();
        return ((HttpStatusCode)context.Response.StatusCode, body.Length == 0 ? null : JsonNode.Parse(body));
    }

    /// <summary>The methods of the Allow header, wherever HttpClient filed it (response or content headers).</summary>
    public static string[] Allow(this Reply reply)
    {
        var values = reply.ContentHeaders.Allow.Count > 0
            ? reply.ContentHeaders.Allow
            : reply.Headers.TryGetValues("Allow", out var raw) ? raw : [];
        return [.. values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
    }

    public static string? MediaType(this Reply reply) => reply.ContentHeaders.ContentType?.MediaType;

    public static void AssertError(this Reply reply, HttpStatusCode status, string title, string? description = null)
    {
        Assert.Equal(status, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        Assert.Equal(title, reply.Title);
        if (description is not null) Assert.Equal(description, reply.Description);
    }

    public static async Task CreateQueue(this Api api, string queue, string? metadata = null)
    {
        var reply = await api.Put($"/v2/queues/{queue}", metadata);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
    }

    /// <summary>GET /v2/queues/{q}: the metadata with reserved defaults.</summary>
    public static async Task<JsonObject> Metadata(this Api api, string queue)
    {
        var reply = await api.Get($"/v2/queues/{queue}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json!.AsObject();
    }

    /// <summary>The "messages" object of GET /v2/queues/{q}/stats.</summary>
    public static async Task<JsonObject> Stats(this Api api, string queue)
    {
        var reply = await api.Get($"/v2/queues/{queue}/stats");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json!["messages"]!.AsObject();
    }

    /// <summary>Names on the first page of GET /v2/queues with the given query.</summary>
    public static async Task<string[]> QueueNames(this Api api, string query = "")
    {
        var reply = await api.Get("/v2/queues" + query);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return [.. reply.Json!["queues"]!.AsArray().Select(q => q!["name"]!.GetValue<string>())];
    }

    /// <summary>The representation of a queue whose metadata holds nothing but the reserved defaults (§4).</summary>
    public static JsonObject ReservedDefaults() => new()
    {
        ["_max_messages_post_size"] = 262144,
        ["_default_message_ttl"] = 3600,
        ["_default_message_delay"] = 0,
        ["_dead_letter_queue"] = null,
        ["_dead_letter_queue_messages_ttl"] = null,
        ["_max_claim_count"] = null,
        ["_enable_encrypt_messages"] = false,
    };

    /// <summary>The reserved defaults plus the given free keys.</summary>
    public static JsonObject DefaultsWith(params (string Key, JsonNode? Value)[] extra)
    {
        var o = ReservedDefaults();
        foreach (var (key, value) in extra) o[key] = value;
        return o;
    }

    public static void AssertJson(JsonNode expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected.ToJsonString()}, got {actual?.ToJsonString() ?? "nothing"}");
}
