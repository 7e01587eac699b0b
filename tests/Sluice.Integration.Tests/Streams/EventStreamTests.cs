using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Npgsql;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Streams;

/// <summary>GET /v2/queues/{q}/events and GET /v2/events: the log as subscribers read it.</summary>
public sealed class EventStreamTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task A_queue_stream_gives_every_event_in_order_and_pages_by_cursor()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.CreateQueue(queue, "{}");
        var ids = await api.PostMessages(queue, "{\"n\":1}", "\"two\"");
        var (claim, claimed) = await api.Claim(queue, limit: 1);
        var href = claimed[0]!["href"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete(href)).Status);

        // Pages of at most 2, following next links; a page may be empty while another test's transaction holds the
        // horizon back, so each read waits for events (up to 5 s) instead of ending there.
        var events = new List<JsonNode>();
        var path = $"/v2/queues/{queue}/events?limit=2&wait=5";
        var clock = Stopwatch.StartNew();
        while (events.Count < 4)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{events.Count} of 4 events after 30 s");
            var page = await api.Get(path);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            var batch = page.Json!["events"]!.AsArray();
            var links = page.Json!["links"]!.AsArray();
            if (batch.Count == 0)
            {
                Assert.Empty(links);
                continue;
            }
            Assert.InRange(batch.Count, 1, 2);
            events.AddRange(batch.Select(e => e!.DeepClone()));
            Assert.Equal("next", links.Single()!["rel"]!.GetValue<string>());
            path = links.Single()!["href"]!.GetValue<string>();
        }
        var end = await api.Get(path.Replace("wait=5", "wait=0", StringComparison.Ordinal));
        Assert.Empty(end.Json!["events"]!.AsArray());
        Assert.Empty(end.Json!["links"]!.AsArray());

        // One POST is one event, its messages in posted order.
        Assert.Equal(["queue-created", "messages-posted", "messages-claimed", "messages-deleted"],
            events.Select(e => e["type"]!.GetValue<string>()));
        Assert.All(events, e => Assert.Equal(queue, e["queue"]!.GetValue<string>()));
        Assert.Equal(events.Count, events.Select(e => e["cursor"]!.GetValue<string>()).Distinct().Count());
        var posted = events[1]["data"]!["messages"]!.AsArray();
        Assert.Equal(ids, posted.Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal(1, posted[0]!["body"]!["n"]!.GetValue<int>());
        Assert.Equal("two", posted[1]!["body"]!.GetValue<string>());
        Assert.All(posted, m => Assert.Equal((3600, 0), (m!["ttl"]!.GetValue<int>(), m["delay"]!.GetValue<int>())));
        Assert.Equal(claim, events[2]["data"]!["claim"]!.GetValue<string>());
        Assert.Equal([ids[0]], events[2]["data"]!["ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal([ids[0]], events[3]["data"]!["ids"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(claim, events[3]["data"]!["claim"]!.GetValue<string>());
        Assert.True(DateTimeOffset.TryParse(events[0]["created"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task The_tenant_stream_has_every_queue_and_no_other_tenant_sees_it()
    {
        using var api = app.Api();
        using var stranger = app.Api();
        var (a, b) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        await api.PostMessages(a, "1");
        await api.PostMessages(b, "2");
        await stranger.PostMessages(MessageWire.NewQueue(), "3");

        // Each post to a new queue makes two events (queue-created, messages-posted): wait for all four, since a page
        // may end early while another test's transaction holds the horizon back.
        var events = await ReadAll(api, "/v2/events", expected: 4);
        Assert.Equal(4, events.Count);
        Assert.Equal(["queue-created", "messages-posted", "queue-created", "messages-posted"], events.Select(e => e["type"]!.GetValue<string>()));
        Assert.Equal([a, b], events.Where(e => e["type"]!.GetValue<string>() == "messages-posted").Select(e => e["queue"]!.GetValue<string>()));
        Assert.DoesNotContain(events, e => e["queue"]!.GetValue<string>() is var q && q != a && q != b);
    }

    [Theory]
    [InlineData("after=not-a-cursor", MessageWire.InvalidParameter)]
    [InlineData("after=MTIz", MessageWire.InvalidParameter)]
    [InlineData("wait=21", MessageWire.InvalidParameter)]
    [InlineData("limit=0", MessageWire.InvalidApiRequest)]
    [InlineData("limit=101", MessageWire.InvalidApiRequest)]
    public async Task Bad_parameters_are_a_400(string query, string title)
    {
        using var api = app.Api();
        var reply = await api.Get($"/v2/queues/{MessageWire.NewQueue()}/events?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(title, reply.Title);
    }

    [Fact]
    public async Task A_waiting_reader_answers_when_the_queue_gets_an_event()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.CreateQueue(queue, "{}");
        var start = (await ReadAll(api, $"/v2/queues/{queue}/events", expected: 1))[0]["cursor"]!.GetValue<string>();
        var reading = api.Get($"/v2/queues/{queue}/events?after={start}&wait=20");
        var id = (await api.PostMessages(queue, "\"news\""))[0];
        var page = await reading;
        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(id, page.Json!["events"]![0]!["data"]!["messages"]![0]!["id"]!.GetValue<string>());
    }

    /// <summary>
    /// A transaction that appended first but commits last must not be skipped: while it is open, the events committed
    /// after it are held back; once it commits, a reader gets it before them.
    /// </summary>
    [Fact]
    public async Task A_reader_never_skips_an_event_that_commits_late()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.CreateQueue(queue, "{}");
        var start = (await ReadAll(api, $"/v2/queues/{queue}/events", expected: 1))[0]["cursor"]!.GetValue<string>();

        await using var late = await LatePost.Begin(app, api.Project, queue, "\"late\"");

        var early = (await api.PostMessages(queue, "\"early\""))[0];
        var held = await api.Get($"/v2/queues/{queue}/events?after={start}");
        Assert.Empty(held.Json!["events"]!.AsArray());

        var waiting = ReadAll(api, $"/v2/queues/{queue}/events?after={start}", expected: 2);
        await late.Commit();
        var events = await waiting;
        // The late post was written as the log's first version stores a post (LatePost): it reads as a post of one message.
        Assert.Equal(["\"late\"", "\"early\""], events.Select(e => e["data"]!["messages"]!.AsArray().Single()!["body"]!.ToJsonString()));
        Assert.Equal(early, events[1]["data"]!["messages"]![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Server_sent_events_stream_live_and_resume_from_last_event_id()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.CreateQueue(queue, "{}");
        using var hangUp = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using (var stream = await OpenSse(api, $"/v2/queues/{queue}/events", null, hangUp.Token))
        {
            var created = await NextEvent(stream.Reader, hangUp.Token);
            Assert.Equal("queue-created", created.Type);
            var id = (await api.PostMessages(queue, "\"live\""))[0];
            var posted = await NextEvent(stream.Reader, hangUp.Token);
            Assert.Equal("messages-posted", posted.Type);
            Assert.Equal(id, JsonNode.Parse(posted.Data)!["data"]!["messages"]![0]!["id"]!.GetValue<string>());
            Assert.Equal(posted.Id, JsonNode.Parse(posted.Data)!["cursor"]!.GetValue<string>());

            using var resumed = await OpenSse(api, $"/v2/queues/{queue}/events", created.Id, hangUp.Token);
            var again = await NextEvent(resumed.Reader, hangUp.Token);
            Assert.Equal(posted.Id, again.Id);
        }
    }

    private static Task<List<JsonNode>> ReadAll(Api api, string path, int expected) => EventWire.ReadAll(api, path, expected);

    private sealed record SseEvent(string Id, string Type, string Data);

    private sealed class SseStream(HttpResponseMessage response, StreamReader reader) : IDisposable
    {
        public StreamReader Reader => reader;

        public void Dispose()
        {
            reader.Dispose();
            response.Dispose();
        }
    }

    private static async Task<SseStream> OpenSse(Api api, string path, string? lastEventId, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseStream(response, new StreamReader(await response.Content.ReadAsStreamAsync(ct)));
    }

    /// <summary>The next event of the stream (comment lines, the keep-alives, are skipped).</summary>
    private static async Task<SseEvent> NextEvent(StreamReader reader, CancellationToken ct)
    {
        string? id = null, type = null, data = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null) return new SseEvent(id!, type!, data);
                continue;
            }
            if (line.StartsWith(':')) continue;
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = (line[..colon], line[(colon + 1)..].TrimStart());
            switch (field)
            {
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data = value; break;
            }
        }
        throw new InvalidOperationException("the stream ended");
    }
}
