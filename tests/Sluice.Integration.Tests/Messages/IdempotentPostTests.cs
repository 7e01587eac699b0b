using System.Net;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Domain.Messages;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>The Idempotency-Key header on POST …/messages: a retry within the window answers as the first did.</summary>
public sealed class IdempotentPostTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    private const string Body = """{"messages":[{"body":{"order":7},"ttl":300},{"body":"second","ttl":300}]}""";

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_gets_the_first_answer_and_posts_nothing()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var first = await Post(api, queue, "order-7", Body);
        var retry = await Post(api, queue, "order-7", Body);
        Assert.Equal(HttpStatusCode.Created, first.Status);
        Assert.Equal(HttpStatusCode.Created, retry.Status);
        Assert.Equal(first.Body, retry.Body);
        Assert.Equal(first.Location, retry.Location);
        Assert.Equal(2, await api.Total(queue));
    }

    [Fact]
    public async Task The_same_key_with_another_body_is_a_409_and_posts_nothing()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await Post(api, queue, "order-8", Body);
        var other = await Post(api, queue, "order-8", """{"messages":[{"body":"different","ttl":300}]}""");
        Assert.Equal(HttpStatusCode.Conflict, other.Status);
        Assert.Equal("Resource conflict", other.Title);
        Assert.Contains("order-8", other.Description, StringComparison.Ordinal);
        Assert.Equal(2, await api.Total(queue));
    }

    [Fact]
    public async Task Keys_are_per_queue_and_other_keys_post_again()
    {
        using var api = app.Api();
        var (a, b) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        await Post(api, a, "k", Body);
        await Post(api, a, "k2", Body);
        await Post(api, b, "k", Body);
        Assert.Equal(4, await api.Total(a));
        Assert.Equal(2, await api.Total(b));
    }

    [Fact]
    public async Task After_the_window_the_key_posts_anew_and_the_sweep_forgets_it()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var first = await Post(api, queue, "window", """{"messages":[{"body":1,"ttl":3600}]}""");
        app.Clock.Advance(TimeSpan.FromSeconds(301));
        var later = await Post(api, queue, "window", """{"messages":[{"body":1,"ttl":3600}]}""");
        Assert.Equal(HttpStatusCode.Created, later.Status);
        Assert.NotEqual(first.Body, later.Body);
        Assert.Equal(2, await api.Total(queue));

        app.Clock.Advance(TimeSpan.FromSeconds(301));
        Assert.True(await app.Services.GetRequiredService<IMediator>().Send(new ForgetIdempotencyKeysCommand()) >= 1);
        Assert.Equal(HttpStatusCode.Created, (await Post(api, queue, "window", """{"messages":[{"body":2,"ttl":3600}]}""")).Status);
    }

    [Fact]
    public async Task Concurrent_posts_with_one_key_post_once_and_all_get_the_same_answer()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Post(api, queue, "race", Body)));
        Assert.All(replies, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Single(replies.Select(r => r.Body).Distinct());
        Assert.Equal(2, await api.Total(queue));
    }

    [Theory]
    [InlineData("ключ")]
    [InlineData("tab\there")]
    public async Task A_malformed_key_is_a_400_and_posts_nothing(string key)
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var reply = await Post(api, queue, key, Body);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Equal("Invalid header value", reply.Title);
        Assert.Equal(HttpStatusCode.BadRequest, (await Post(api, queue, new string('k', 256), Body)).Status);
        Assert.Equal(0, await api.Total(queue));
    }

    private static Task<Reply> Post(Api api, string queue, string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/queues/{queue}/messages")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return api.Send(request);
    }
}
