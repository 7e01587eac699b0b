using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sluice.Infra.Notifications;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Subscriptions;

/// <summary>
/// Webhook delivery to a real HTTP subscriber on loopback (contract §7.4, README "Push subscriptions"). Each test runs
/// the notifier itself, as the timer function or the in-process loop would, and moves the service's clock instead of
/// waiting for retry delays.
/// </summary>
public sealed class WebhookDeliveryTests(LocalSubscribersApp app) : IClassFixture<LocalSubscribersApp>, IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    private Notifier Notifier => app.Services.GetRequiredService<Notifier>();

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.Start();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Every_message_posted_after_subscribing_reaches_the_subscriber_once_in_Zaqar_form()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.PostMessages(queue, "\"before\"");
        await api.Subscribe(queue, _receiver.Url + "/hook", "{\"post_headers\":{\"X-Token\":\"s3cret\"}}");
        var ids = await api.PostMessages(queue, "{\"order\":1}", "\"two\"", "[3]");

        await Notifier.FollowUntil(3); // the post before the subscription makes none
        Assert.Equal(3, (await Notifier.Run(default)).Delivered);
        var received = _receiver.Received;
        Assert.Equal(3, received.Count);
        foreach (var r in received)
        {
            Assert.Equal("/hook", r.Path);
            Assert.Equal("s3cret", r.Headers["X-Token"]);
            Assert.StartsWith("application/json", r.Headers["Content-Type"], StringComparison.Ordinal);
        }
        var byId = received.Select(r => JsonNode.Parse(r.Body)!).ToDictionary(n => n["message_id"]!.GetValue<string>());
        Assert.Equal(ids.Order(), byId.Keys.Order());
        Assert.Equal("{\"order\":1}", byId[ids[0]]["body"]!.ToJsonString());
        Assert.Equal("\"two\"", byId[ids[1]]["body"]!.ToJsonString());
        Assert.Equal(3600, byId[ids[2]]["ttl"]!.GetValue<int>());
        Assert.Equal(queue, byId[ids[2]]["queue_name"]!.GetValue<string>());
        Assert.Equal("Notification", byId[ids[2]]["Message_Type"]!.GetValue<string>());

        app.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, (await Notifier.Run(default)).Delivered);
        Assert.Equal(3, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_content_type_in_post_headers_replaces_the_default()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, _receiver.Url, "{\"post_headers\":{\"content-type\":\"application/vnd.example+json\"}}");
        await api.PostMessages(queue, "1");

        await Notifier.FollowUntil(1);
        await Notifier.Run(default);

        Assert.Equal("application/vnd.example+json", Assert.Single(_receiver.Received).Headers["Content-Type"]);
    }

    [Fact]
    public async Task A_subscription_that_expires_before_its_posts_are_delivered_still_gets_them_and_is_swept_after()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var id = await api.Subscribe(queue, _receiver.Url, ttl: 60);
        var message = (await api.PostMessages(queue, "\"while alive\""))[0];
        app.Clock.Advance(TimeSpan.FromSeconds(300));
        var mediator = app.Services.GetRequiredService<Mediator.IMediator>();

        await mediator.Send(new Sluice.Domain.Subscriptions.ExpireSubscriptionsCommand(1000)); // it still owes the post
        await Notifier.FollowUntil(1);
        Assert.Equal(1, (await Notifier.Run(default)).Delivered);
        Assert.Equal(message, JsonNode.Parse(Assert.Single(_receiver.Received).Body)!["message_id"]!.GetValue<string>());

        await mediator.Send(new Sluice.Domain.Subscriptions.ExpireSubscriptionsCommand(1000)); // now it owes nothing
        var events = await EventWire.ReadAll(api, $"/v2/queues/{queue}/events?limit=100", expected: 4);
        Assert.Equal(id, Assert.Single(events, e => e["type"]!.GetValue<string>() == "subscription-deleted")["data"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_post_data_template_wraps_the_notification()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, _receiver.Url, "{\"post_data\":\"{\\\"event\\\": \\\"$zaqar_message$\\\", \\\"source\\\": \\\"sluice\\\"}\"}");
        var id = (await api.PostMessages(queue, "42"))[0];

        await Notifier.FollowUntil(1);
        await Notifier.Run(default);

        var sent = JsonNode.Parse(Assert.Single(_receiver.Received).Body)!;
        Assert.Equal("sluice", sent["source"]!.GetValue<string>());
        Assert.Equal(id, sent["event"]!["message_id"]!.GetValue<string>());
        Assert.Equal(42, sent["event"]!["body"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_subscriber_that_fails_for_a_while_gets_every_message_once_it_recovers()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        // The queue's policy: one immediate retry, one after 2 s, backoff 2 and 7 s, one at 12 s.
        await api.CreateQueue(queue, "{\"_retry_policy\":{\"retries_with_no_delay\":1,\"minimum_delay_retries\":1,\"minimum_delay\":2,\"maximum_delay\":12,\"maximum_delay_retries\":1}}");
        await api.Subscribe(queue, _receiver.Url);
        _receiver.Respond = (n, _) => Task.FromResult(n <= 8 ? 503 : 200);
        var ids = await api.PostMessages(queue, "1", "2", "3");

        await Notifier.FollowUntil(3);
        Assert.Equal(0, (await Notifier.Run(default)).Delivered);
        Assert.Equal(6, _receiver.Received.Count); // each message: the attempt and its immediate retry
        Assert.Equal(0, (await Notifier.Run(default)).Delivered); // nothing is due before the delay
        Assert.Equal(6, _receiver.Received.Count);

        for (var round = 0; round < 4 && Delivered().Count < 3; round++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(2));
            await Notifier.Run(default);
        }

        Assert.Equal(ids.Order(), Delivered().Order());
        Assert.Equal(11, _receiver.Received.Count); // 8 failures, then each message once
        app.Clock.Advance(TimeSpan.FromMinutes(5));
        await Notifier.Run(default);
        Assert.Equal(11, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_subscriber_that_never_recovers_is_given_up_after_the_policy_and_the_message_stays_queued()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, _receiver.Url, "{\"_retry_policy\":{\"retries_with_no_delay\":0,\"minimum_delay_retries\":0,\"minimum_delay\":1,\"maximum_delay\":11,\"maximum_delay_retries\":0}}");
        _receiver.Respond = (_, _) => Task.FromResult(500);
        var id = (await api.PostMessages(queue, "\"x\""))[0];

        await Notifier.FollowUntil(1);
        for (var i = 0; i < 6; i++)
        {
            await Notifier.Run(default);
            app.Clock.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Equal(3, _receiver.Received.Count); // the attempt, then the backoff 1 s and 6 s, then no more
        Assert.Equal([1, 2, 3], _receiver.Received.Select(r => r.Number).Order());
        Assert.Equal(HttpStatusCode.OK, (await api.Get($"/v2/queues/{queue}/messages/{id}")).Status);
    }

    [Fact]
    public async Task A_4xx_answer_ends_the_delivery_without_retries()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, _receiver.Url);
        _receiver.Respond = (_, _) => Task.FromResult(404);
        await api.PostMessages(queue, "1");
        await Notifier.FollowUntil(1);

        Assert.Equal(1, (await Notifier.Run(default)).Rejected);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await Notifier.Run(default);
        Assert.Single(_receiver.Received);
    }

    [Fact]
    public async Task Pending_notifications_of_a_deleted_subscription_are_dropped()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var id = await api.Subscribe(queue, _receiver.Url);
        _receiver.Respond = (_, _) => Task.FromResult(503);
        await api.PostMessages(queue, "1");
        await Notifier.FollowUntil(1);
        await Notifier.Run(default);
        var tried = _receiver.Received.Count;
        Assert.Equal(4, tried); // Zaqar's default policy: the attempt and 3 immediate retries

        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{queue}/subscriptions/{id}")).Status);
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        await Notifier.Run(default);
        Assert.Equal(tried, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_notification_whose_dispatcher_vanished_mid_call_is_delivered_after_its_lease()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, _receiver.Url);
        var id = (await api.PostMessages(queue, "\"once\""))[0];
        await Notifier.FollowUntil(1);
        using var vanish = new CancellationTokenSource();
        _receiver.Respond = async (_, aborted) =>
        {
            await vanish.CancelAsync(); // the dispatcher dies while the subscriber is answering
            await Task.Delay(Timeout.Infinite, aborted);
            return 200;
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Notifier.Run(vanish.Token));
        _receiver.Respond = (_, _) => Task.FromResult(200);

        Assert.Equal(0, (await Notifier.Run(default)).Delivered); // still leased to the vanished dispatcher
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(1, (await Notifier.Run(default)).Delivered);
        Assert.Equal(id, JsonNode.Parse(_receiver.Received.Single(r => r.Status == 200).Body)!["message_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_follower_never_skips_a_post_that_commits_late()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, _receiver.Url);

        await using var late = await LatePost.Begin(app, api.Project, queue, "\"late\"");
        await api.PostMessages(queue, "\"early\"");

        Assert.Equal(0, (await Notifier.Run(default)).Made); // the early post waits behind the open transaction
        await late.Commit();
        await Notifier.FollowUntil(2);
        Assert.Equal(2, (await Notifier.Run(default)).Delivered);
        Assert.Equal(["\"early\"", "\"late\""], _receiver.Received.Select(r => JsonNode.Parse(r.Body)!["body"]!.ToJsonString()).Order());
    }

    [Fact]
    public async Task Two_notifiers_at_once_deliver_each_message_once()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, _receiver.Url + "/a");
        await api.Subscribe(queue, _receiver.Url + "/b");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.AddRange(await api.PostMessages(queue, [.. Enumerable.Range(0, 20).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))]));

        // Three notifiers at once, again until the follower has passed every post (see Horizon).
        var (made, delivered) = (0L, 0);
        await Horizon.Until(async () =>
        {
            var runs = await Task.WhenAll(Notifier.Run(default), Notifier.Run(default), Notifier.Run(default));
            (made, delivered) = (made + runs.Sum(r => r.Made), delivered + runs.Sum(r => r.Delivered));
            return delivered >= 200;
        }, "three notifiers delivered 200 notifications");

        Assert.Equal((200L, 200), (made, delivered));
        foreach (var path in (string[])["/a", "/b"])
        {
            var got = _receiver.Received.Where(r => r.Path == path).Select(r => JsonNode.Parse(r.Body)!["message_id"]!.GetValue<string>()).ToList();
            Assert.Equal(ids.Order(), got.Order());
        }
    }

    private List<string> Delivered() =>
        [.. _receiver.Received.Where(r => r.Status == 200).Select(r => JsonNode.Parse(r.Body)!["message_id"]!.GetValue<string>())];
}
