using System.Net;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>The service configured with <c>max_messages_post_size = 1000</c> (contract §2).</summary>
public sealed class SmallPostSizeApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Limits:MaxMessagesPostSize"] = "1000",
    };
}

/// <summary>POST messages against a configured byte limit, alone and combined with a queue's own cap (§5.1 step 2).</summary>
public sealed class PostMessagesConfiguredLimitTests(SmallPostSizeApp app) : IClassFixture<SmallPostSizeApp>
{
    private const string Head = "{\"messages\":[{\"body\":\"";
    private const string Tail = "\"}]}";

    private static string OfSize(int bytes) => Head + new string('x', bytes - Head.Length - Tail.Length) + Tail;

    [Fact]
    public async Task Given_configured_max_1000_When_1001_bytes_posted_Then_400_with_max_size_1000()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        var reply = await api.PostRaw(q, OfSize(1001));
        MessageWire.Error(reply, HttpStatusCode.BadRequest, MessageWire.InvalidApiRequest, "Message collection size is too large. Max size 1000");
        Assert.Equal(0, await api.Total(q));
    }

    [Fact]
    public async Task Given_configured_max_1000_When_1000_bytes_posted_Then_201()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        Assert.Equal(HttpStatusCode.Created, (await api.PostRaw(q, OfSize(1000))).Status);
        Assert.Equal(1, await api.Total(q));
    }

    [Fact]
    public async Task Given_queue_cap_below_config_When_between_the_two_Then_400_naming_the_queue_cap()
    {
        using var api = app.Api();
        var q = MessageWire.NewQueue();
        await api.CreateQueue(q, """{"_max_messages_post_size": 500}""");
        Assert.Equal(HttpStatusCode.Created, (await api.PostRaw(q, OfSize(500))).Status);
        var reply = await api.PostRaw(q, OfSize(501));
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal(MessageWire.InvalidApiRequest, reply.Title);
        Assert.Contains("The max size for current queue is 500", reply.Description, StringComparison.Ordinal);
        Assert.Equal(1, await api.Total(q));
    }

    [Fact]
    public async Task Given_queue_cap_above_config_When_stored_Then_it_is_rejected_as_invalid_metadata()
    {
        using var api = app.Api();
        var reply = await api.Put($"/v2/queues/{MessageWire.NewQueue()}", """{"_max_messages_post_size": 1001}""");
        MessageWire.Error(reply, HttpStatusCode.BadRequest, MessageWire.InvalidApiRequest, null);
    }
}
