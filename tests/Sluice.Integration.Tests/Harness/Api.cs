using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Integration.Tests.Harness;

/// <summary>A client of the v2 API for one project. Bodies are sent as application/json unless stated.</summary>
public sealed class Api(HttpClient client) : IDisposable
{
    public HttpClient Http => client;

    public string Project => client.DefaultRequestHeaders.GetValues("X-Project-ID").Single();

    public Task<Reply> Send(HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));
        return Send(request);
    }

    public async Task<Reply> Send(HttpRequestMessage request)
    {
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Reply(response.StatusCode, response.Headers, response.Content.Headers, text);
    }

    public Task<Reply> Get(string path) => Send(HttpMethod.Get, path);

    public Task<Reply> Put(string path, string? body = null) => Send(HttpMethod.Put, path, body);

    public Task<Reply> Post(string path, string? body = null) => Send(HttpMethod.Post, path, body);

    public Task<Reply> Patch(string path, string? body, string contentType = "application/openstack-messaging-v2.0-json-patch") =>
        Send(HttpMethod.Patch, path, body, contentType);

    public Task<Reply> Delete(string path) => Send(HttpMethod.Delete, path);

    /// <summary>Posts messages with the given JSON bodies; returns their ids in posted order.</summary>
    public async Task<string[]> PostMessages(string queue, params string[] bodies)
    {
        var json = "{\"messages\":[" + string.Join(",", bodies.Select(b => $"{{\"body\":{b}}}")) + "]}";
        var reply = await Post($"/v2/queues/{queue}/messages", json);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return [.. reply.Json!["resources"]!.AsArray().Select(r => r!.GetValue<string>().Split('/')[^1])];
    }

    /// <summary>Claims up to <paramref name="limit"/> messages; null claim id when nothing was claimable (204).</summary>
    public async Task<(string? ClaimId, JsonArray Messages)> Claim(string queue, int limit = 10, int ttl = 300, int grace = 60)
    {
        var reply = await Post($"/v2/queues/{queue}/claims?limit={limit}", $"{{\"ttl\":{ttl},\"grace\":{grace}}}");
        if (reply.Status == HttpStatusCode.NoContent) return (null, []);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return (reply.Location!.Split('/')[^1], reply.Json!["messages"]!.AsArray());
    }

    public void Dispose() => client.Dispose();
}

/// <summary>A response, read once: status, headers and the body (parsed when it is JSON).</summary>
public sealed record Reply(HttpStatusCode Status, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders, string Body)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public string? Location => Headers.Location?.OriginalString;

    public string? Title => Json?["title"]?.GetValue<string>();

    public string? Description => Json?["description"]?.GetValue<string>();
}
