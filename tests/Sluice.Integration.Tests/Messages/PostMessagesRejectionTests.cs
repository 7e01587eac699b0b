using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>
/// POST /v2/queues/{q}/messages, rejected requests (contract §5.1, §1.3, §2): each is a 400 with Zaqar's text, and
/// the queue's stats are unchanged afterwards (all or nothing).
/// </summary>
public sealed class PostMessagesRejectionTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    private const string Unparsable = "Request body could not be parsed.";

    [Fact]
    public async Task Given_content_length_over_262144_When_posted_Then_400_collection_too_large()
    {
        const string head = """{"messages":[{"body":""", tail = "1}]}";
        var json = head + new string(' ', 262145 - head.Length - tail.Length) + tail;
        Assert.Equal(262145, Encoding.UTF8.GetByteCount(json));
        await Rejected(Json(json), MessageWire.InvalidApiRequest, "Message collection size is too large. Max size 262144");
    }

    [Fact]
    public async Task Given_chunked_body_over_262144_bytes_When_posted_Then_400_collection_too_large()
    {
        var json = """{"messages":[{"body":""" + new string(' ', 262144) + "1}]}";
        await Rejected(new MessageWire.ChunkedJson(json), MessageWire.InvalidApiRequest, "Message collection size is too large. Max size 262144");
    }

    [Fact]
    public async Task Given_empty_body_When_posted_Then_400_invalid_request_body()
    {
        await Rejected(Json(""), MessageWire.InvalidBody, null);
    }

    [Fact]
    public async Task Given_no_body_When_posted_Then_400_request_body_can_not_be_empty()
    {
        await Rejected(null, MessageWire.InvalidBody, "Request body can not be empty");
    }

    [Theory]
    [InlineData("{\"messages\":[")]
    [InlineData("not json")]
    [InlineData("{\"messages\":[{\"body\":1}]} trailing")]
    [InlineData("\"str\"")]
    [InlineData("null")]
    [InlineData("5")]
    [InlineData("true")]
    public async Task Given_unparsable_or_scalar_document_When_posted_Then_400_could_not_be_parsed(string json)
    {
        await Rejected(Json(json), MessageWire.InvalidBody, Unparsable);
    }

    [Fact]
    public async Task Given_body_that_is_not_utf8_When_posted_Then_400_could_not_be_parsed()
    {
        byte[] bytes = [.. "{\"messages\":[{\"body\":\""u8, 0xFF, 0xFE, 0x80, .. "\"}]}"u8];
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");
        await Rejected(content, MessageWire.InvalidBody, Unparsable);
    }

    [Theory]
    [InlineData("{\"messages\":[{\"body\":9223372036854775808}]}")]
    [InlineData("{\"messages\":[{\"body\":[-9223372036854775809]}]}")]
    [InlineData("{\"messages\":[{\"body\":1,\"ttl\":18446744073709551616}]}")]
    [InlineData("{\"other\":99999999999999999999999,\"messages\":[{\"body\":1}]}")]
    public async Task Given_integer_outside_int64_When_posted_Then_400_integer_too_large(string json)
    {
        await Rejected(Json(json), MessageWire.InvalidBody, "JSON contains integer that is too large.");
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"message\":[{\"body\":1}]}")]
    [InlineData("[{\"body\":1}]")]
    public async Task Given_no_messages_key_When_posted_Then_400_no_messages_found(string json)
    {
        await Rejected(Json(json), null, "No messages were found in the request body.");
    }

    /// <summary>Zaqar raises HTTPBadRequestAPI here (§1.4: titles are Zaqar's).</summary>
    [Fact]
    public async Task Given_no_messages_key_When_posted_Then_title_is_invalid_api_request()
    {
        await Rejected(Json("{\"queue\":1}"), MessageWire.InvalidApiRequest, "No messages were found in the request body.");
    }

    [Theory]
    [InlineData("{\"messages\":{\"body\":1}}")]
    [InlineData("{\"messages\":\"x\"}")]
    [InlineData("{\"messages\":null}")]
    public async Task Given_messages_not_an_array_When_posted_Then_400_document_type_not_supported(string json)
    {
        await Rejected(Json(json), MessageWire.InvalidBody, "Document type not supported.");
    }

    [Fact]
    public async Task Given_empty_messages_array_When_posted_Then_400_no_messages_to_enqueu()
    {
        await Rejected(Json("{\"messages\":[]}"), MessageWire.InvalidApiRequest, "No messages to enqueu.");
    }

    [Theory]
    [InlineData("{\"messages\":[{\"ttl\":60}]}")]
    [InlineData("{\"messages\":[{\"body\":1},{\"Body\":2}]}")]
    public async Task Given_message_without_body_When_posted_Then_400_missing_body_field(string json)
    {
        await Rejected(Json(json), MessageWire.InvalidBody, "Missing \"body\" field.");
    }

    [Theory]
    [InlineData("\"60\"")]
    [InlineData("true")]
    [InlineData("60.5")]
    [InlineData("60.0")]
    [InlineData("6e1")]
    [InlineData("null")]
    [InlineData("[60]")]
    public async Task Given_ttl_not_an_int_When_posted_Then_400_ttl_must_be_a_int(string ttl)
    {
        var json = $"{{\"messages\":[{{\"body\":1}},{{\"body\":2,\"ttl\":{ttl}}}]}}";
        await Rejected(Json(json), MessageWire.InvalidBody, "The value of the \"ttl\" field must be a int.");
    }

    [Theory]
    [InlineData(59)]
    [InlineData(1209601)]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(long.MaxValue)]
    public async Task Given_ttl_out_of_range_When_posted_Then_400_ttl_range(long ttl)
    {
        var json = $"{{\"messages\":[{{\"body\":1}},{{\"body\":2,\"ttl\":{ttl}}}]}}";
        await Rejected(Json(json), MessageWire.InvalidApiRequest, MessageWire.MessageTtlRange);
    }

    /// <summary>Delays are judged on every queue (§5.1 "Ours"): one without a default delay (null: none set) and one with.</summary>
    [Theory]
    [InlineData("901", null)]
    [InlineData("-1", null)]
    [InlineData("901", "{\"_default_message_delay\":10}")]
    [InlineData("-1", "{\"_default_message_delay\":10}")]
    public async Task Given_any_queue_When_delay_out_of_range_Then_400_delay_range(string delay, string? metadata)
    {
        await Rejected(Json($"{{\"messages\":[{{\"body\":1}},{{\"body\":2,\"delay\":{delay}}}]}}"), MessageWire.InvalidApiRequest,
            "The Delay TTL for a message may not exceed 900 seconds,and must be at least 0 seconds long.", metadata);
    }

    [Theory]
    [InlineData("\"5\"", null)]
    [InlineData("true", null)]
    [InlineData("5.5", null)]
    [InlineData("null", null)]
    [InlineData("\"5\"", "{\"_default_message_delay\":10}")]
    [InlineData("true", "{\"_default_message_delay\":10}")]
    public async Task Given_any_queue_When_delay_not_an_int_Then_400_delay_must_be_a_int(string delay, string? metadata)
    {
        await Rejected(Json($"{{\"messages\":[{{\"body\":1,\"delay\":{delay}}}]}}"), MessageWire.InvalidBody,
            "The value of the \"delay\" field must be a int.", metadata);
    }

    [Fact]
    public async Task Given_queue_post_size_cap_When_body_exceeds_it_Then_400_and_at_the_cap_201()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.CreateQueue(q, """{"_max_messages_post_size": 100}""");
        const string head = "{\"messages\":[{\"body\":\"", tail = "\"}]}";
        var atCap = head + new string('a', 100 - head.Length - tail.Length) + tail;
        Assert.Equal(100, atCap.Length);
        Assert.Equal(HttpStatusCode.Created, (await api.PostRaw(q, atCap)).Status);
        var before = await api.StatsText(q);
        var reply = await api.PostRaw(q, head + new string('a', 101 - head.Length - tail.Length) + tail);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(MessageWire.InvalidApiRequest, reply.Title);
        Assert.StartsWith("Message collection size is too large.", reply.Description, StringComparison.Ordinal);
        Assert.Contains("The max size for current queue is 100", reply.Description, StringComparison.Ordinal);
        Assert.Equal(before, await api.StatsText(q));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, MediaTypeHeaderValue.Parse("application/json"));

    /// <summary>Posts to a queue holding one message; asserts the 400 and that nothing was appended to the queue's log.</summary>
    private async Task Rejected(HttpContent? content, string? title, string? description, string? metadata = null)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        if (metadata is not null) await api.CreateQueue(q, metadata);
        await api.PostMessages(q, "\"existing\"");
        var before = await api.StatsText(q);
        var log = await Appended(api.Project, q);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/queues/{q}/messages") { Content = content };
        var reply = await api.Send(request);
        MessageWire.Error(reply, HttpStatusCode.BadRequest, title, description);
        Assert.Equal(before, await api.StatsText(q));
        Assert.Single(await api.List(q, "echo=true&include_delayed=true"));
        Assert.Equal(log, await Appended(api.Project, q));
    }

    /// <summary>
    /// The queue's events as stored. Not read through the event stream: it shows an event only once every transaction
    /// begun before it has ended, so a read just after the post could miss the post's own event.
    /// </summary>
    private async Task<long> Appended(string project, string queue)
    {
        await using var sql = await Harness.SchemaConnection.Open(app.Schema);
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM events WHERE tenant_id = $1 AND queue_name = $2", sql);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = project });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = queue });
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
