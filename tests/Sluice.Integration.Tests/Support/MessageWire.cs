using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests;

/// <summary>Arrangements and checks shared by the message and claim tests, all through the public API.</summary>
internal static class MessageWire
{
    public const string InvalidApiRequest = "Invalid API request";
    public const string InvalidBody = "Invalid request body";
    public const string InvalidParameter = "Invalid parameter";
    public const string LimitRange = "Limit must be at least 1 and may not be greater than 20.";
    public const string MessageTtlRange = "The TTL for a message may not exceed 1209600 seconds, and must be at least 60 seconds long.";

    /// <summary>A queue name no other test uses.</summary>
    public static string NewQueue() => "q-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>An id that is well-formed (a UUID) but names nothing.</summary>
    public static string UnknownId() => Guid.NewGuid().ToString("D");

    /// <summary>PUT a new queue with reserved or free metadata (201).</summary>
    public static async Task CreateQueue(this Api api, string queue, string metadata)
    {
        var reply = await api.Put($"/v2/queues/{queue}", metadata);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
    }

    /// <summary>POST a raw messages document.</summary>
    public static Task<Reply> PostRaw(this Api api, string queue, string json) => api.Post($"/v2/queues/{queue}/messages", json);

    /// <summary>POST one message document and return its id (201 expected).</summary>
    public static async Task<string> PostOne(this Api api, string queue, string message)
    {
        var reply = await api.PostRaw(queue, $"{{\"messages\":[{message}]}}");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply.Json!["resources"]![0]!.GetValue<string>().Split('/')[^1];
    }

    /// <summary>The raw stats document of a queue (200 expected).</summary>
    public static async Task<string> StatsText(this Api api, string queue)
    {
        var reply = await api.Get($"/v2/queues/{queue}/stats");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Body;
    }

    public static async Task<JsonObject> Stats(this Api api, string queue) =>
        JsonNode.Parse(await api.StatsText(queue))!["messages"]!.AsObject();

    public static async Task<long> Total(this Api api, string queue) => (await api.Stats(queue))["total"]!.GetValue<long>();

    /// <summary>One page of the listing with the given query (200 expected).</summary>
    public static async Task<JsonArray> List(this Api api, string queue, string query = "echo=true")
    {
        var reply = await api.Get($"/v2/queues/{queue}/messages?{query}");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json!["messages"]!.AsArray();
    }

    public static async Task<string[]> ListIds(this Api api, string queue, string query = "echo=true") => Ids(await api.List(queue, query));

    public static string[] Ids(JsonArray messages) => [.. messages.Select(m => m!["id"]!.GetValue<string>())];

    public static string Href(JsonNode message) => message["href"]!.GetValue<string>();

    public static long Number(JsonNode? node, string name) => node![name]!.GetValue<long>();

    /// <summary>Status, title and description of an error reply; a null title or description is not checked.</summary>
    public static void Error(Reply reply, HttpStatusCode status, string? title, string? description)
    {
        Assert.Equal(status, reply.Status);
        if (title is not null) Assert.Equal(title, reply.Title);
        if (description is not null) Assert.Equal(description, reply.Description);
    }

    /// <summary>A JSON body of unknown length, so the client sends it chunked with no Content-Length.</summary>
    public sealed class ChunkedJson : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedJson(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new("application/json");
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(_bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
