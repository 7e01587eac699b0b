using System.Net;
using System.Text;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>POST /v2/queues/{q}/messages, accepted requests (contract §5.1, §1.3).</summary>
public sealed class PostMessagesTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_three_messages_When_posted_Then_201_with_location_and_resources_in_posted_order()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var reply = await api.PostRaw(q, """{"messages":[{"body":"a"},{"body":"b"},{"body":"c"}]}""");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        var resources = reply.Json!["resources"]!.AsArray().Select(r => r!.GetValue<string>()).ToArray();
        Assert.Equal(3, resources.Length);
        Assert.All(resources, r => Assert.StartsWith($"/v2/queues/{q}/messages/", r, StringComparison.Ordinal));
        var ids = resources.Select(r => r.Split('/')[^1]).ToArray();
        Assert.Equal($"/v2/queues/{q}/messages?ids={string.Join(',', ids)}", reply.Location);
        Assert.Equal(ids, await api.ListIds(q));
        var bodies = (await api.List(q)).Select(m => m!["body"]!.GetValue<string>());
        Assert.Equal(["a", "b", "c"], bodies);
    }

    [Fact]
    public async Task Given_missing_queue_When_messages_posted_Then_the_queue_is_created()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.PostMessages(q, "1");
        var queues = await api.Get("/v2/queues");
        Assert.Equal(HttpStatusCode.OK, queues.Status);
        Assert.Contains(q, queues.Json!["queues"]!.AsArray().Select(x => x!["name"]!.GetValue<string>()));
        Assert.Equal(1, await api.Total(q));
    }

    [Theory]
    [InlineData("{ \"a\" :\n [ 1 ,2.50, -0 ] ,\t\"é\": \"ü\\u00e9\\n\" , \"n\":{} }")]
    [InlineData("[ 1, \"two\" , [ ], {\"x\" : null} ]")]
    [InlineData("\"日本語 text with \\\"escapes\\\" \\ud83d\\ude00 😀\"")]
    [InlineData("1.50")]
    [InlineData("-12e3")]
    [InlineData("9223372036854775807")]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("null")]
    public async Task Given_a_body_of_any_json_kind_When_posted_Then_get_and_list_return_it_byte_for_byte(string body)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var id = await api.PostOne(q, $"{{\"body\":{body}}}");
        var item = await api.Get($"/v2/queues/{q}/messages/{id}");
        Assert.Equal(HttpStatusCode.OK, item.Status);
        Assert.Contains($"\"body\":{body}}}", item.Body, StringComparison.Ordinal);
        var list = await api.Get($"/v2/queues/{q}/messages?echo=true");
        Assert.Contains($"\"body\":{body}}}", list.Body, StringComparison.Ordinal);
        var set = await api.Get($"/v2/queues/{q}/messages?ids={id}");
        Assert.Contains($"\"body\":{body}}}", set.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_no_ttl_When_posted_Then_ttl_is_the_configured_default_3600()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var id = await api.PostOne(q, """{"body":1}""");
        Assert.Equal(3600, MessageWire.Number((await api.Get($"/v2/queues/{q}/messages/{id}")).Json, "ttl"));
    }

    [Fact]
    public async Task Given_queue_default_message_ttl_When_posted_without_ttl_Then_the_queue_default_applies_and_explicit_ttl_wins()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.CreateQueue(q, """{"_default_message_ttl": 120}""");
        var defaulted = await api.PostOne(q, """{"body":1}""");
        var explicitTtl = await api.PostOne(q, """{"body":2,"ttl":600}""");
        Assert.Equal(120, MessageWire.Number((await api.Get($"/v2/queues/{q}/messages/{defaulted}")).Json, "ttl"));
        Assert.Equal(600, MessageWire.Number((await api.Get($"/v2/queues/{q}/messages/{explicitTtl}")).Json, "ttl"));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(1209600)]
    public async Task Given_ttl_at_a_bound_When_posted_Then_201_and_ttl_kept(int ttl)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var id = await api.PostOne(q, $"{{\"body\":1,\"ttl\":{ttl}}}");
        Assert.Equal(ttl, MessageWire.Number((await api.Get($"/v2/queues/{q}/messages/{id}")).Json, "ttl"));
    }

    [Fact]
    public async Task Given_unknown_fields_When_posted_Then_they_are_dropped()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var reply = await api.PostRaw(q, """{"extra":[1],"messages":[{"body":{"k":1},"checksum":"x","claim_id":"y","foo":{"bar":2}}],"more":true}""");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        var message = (await api.List(q))[0]!.AsObject();
        Assert.Equal(["age", "body", "href", "id", "ttl"], message.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("""{"k":1}""", message["body"]!.ToJsonString());
    }

    [Fact]
    public async Task Given_queue_with_default_delay_When_posted_Then_default_and_explicit_delays_are_honoured()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.CreateQueue(q, """{"_default_message_delay": 30}""");
        var defaulted = await api.PostOne(q, """{"body":"default"}""");
        var now = await api.PostOne(q, """{"body":"now","delay":0}""");
        var later = await api.PostOne(q, """{"body":"later","delay":120}""");
        Assert.Equal([now], await api.ListIds(q));
        Assert.Equal([defaulted, now, later], await api.ListIds(q, "echo=true&include_delayed=true"));
        var stats = await api.Stats(q);
        Assert.Equal((3, 0, 3), (MessageWire.Number(stats, "free"), MessageWire.Number(stats, "claimed"), MessageWire.Number(stats, "total")));
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([defaulted, now], await api.ListIds(q));
        app.Clock.Advance(TimeSpan.FromSeconds(90));
        Assert.Equal([defaulted, now, later], await api.ListIds(q));
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    public async Task Given_a_non_json_content_type_When_posted_Then_the_body_is_still_parsed_as_json(string contentType)
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var reply = await api.Send(HttpMethod.Post, $"/v2/queues/{q}/messages", """{"messages":[{"body":1}]}""", contentType);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
    }

    [Fact]
    public async Task Given_chunked_body_without_content_length_When_posted_Then_201()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/queues/{q}/messages")
        {
            Content = new MessageWire.ChunkedJson("""{"messages":[{"body":{"chunked":"é"}},{"body":2}]}"""),
        };
        Assert.Null(request.Content.Headers.ContentLength);
        var reply = await api.Send(request);
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal(2, reply.Json!["resources"]!.AsArray().Count);
        Assert.Contains("\"body\":{\"chunked\":\"é\"}", (await api.Get($"/v2/queues/{q}/messages?echo=true")).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_body_of_exactly_the_max_post_size_When_posted_Then_201()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        const string head = """{"messages":[{"body":""", tail = "}]}";
        var json = head + new string(' ', 262144 - head.Length - tail.Length - 1) + "1" + tail;
        Assert.Equal(262144, Encoding.UTF8.GetByteCount(json));
        Assert.Equal(HttpStatusCode.Created, (await api.PostRaw(q, json)).Status);
    }
}
