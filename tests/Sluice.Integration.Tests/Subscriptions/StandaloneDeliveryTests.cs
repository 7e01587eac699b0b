using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Subscriptions;

/// <summary>
/// The standalone service on its own clock and its own in-process delivery loop, every 0.2 s; private networks
/// allowed, for the subscriber on loopback.
/// </summary>
public sealed class StandaloneNotifierApp : SluiceApp
{
    protected override bool MovableClock => false;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Notifications:IntervalSeconds"] = "0.2",
        ["Sluice:Notifications:AllowPrivateNetworks"] = "true",
    };
}

/// <summary>
/// Delivery with nothing driven by the test: the in-process loop follows the log and retries on real time while the
/// subscriber is down for 1.5 s from the first attempt, and every message arrives.
/// </summary>
public sealed class StandaloneDeliveryTests(StandaloneNotifierApp app) : IClassFixture<StandaloneNotifierApp>
{
    [Fact]
    public async Task A_subscriber_down_for_a_while_receives_every_message_from_the_in_process_loop()
    {
        await using var receiver = await WebhookReceiver.Start();
        // Down for 1.5 s from the first delivery attempt, however long the posts below take on a busy machine.
        long firstAttempt = 0;
        receiver.Respond = (_, _) =>
        {
            Interlocked.CompareExchange(ref firstAttempt, System.Diagnostics.Stopwatch.GetTimestamp(), 0);
            return Task.FromResult(System.Diagnostics.Stopwatch.GetElapsedTime(Interlocked.Read(ref firstAttempt)) < TimeSpan.FromSeconds(1.5) ? 503 : 200);
        };
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, receiver.Url, "{\"_retry_policy\":{\"retries_with_no_delay\":0,\"minimum_delay_retries\":5,\"minimum_delay\":1,\"maximum_delay\":11}}");
        var ids = new List<string>();
        for (var i = 0; i < 4; i++) ids.AddRange(await api.PostMessages(queue, "1", "2", "3", "4", "5"));

        var received = await receiver.WaitFor(r => Delivered(r).Distinct().Count() == ids.Count);

        Assert.Equal(ids.Order(), Delivered(received).Order()); // each accepted exactly once
        Assert.Contains(received, r => r.Status == 503);
    }

    private static IEnumerable<string> Delivered(IReadOnlyList<Received> received) =>
        received.Where(r => r.Status == 200).Select(r => JsonNode.Parse(r.Body)!["message_id"]!.GetValue<string>());
}

/// <summary>
/// The standalone service whose delivery loop has an hour between ticks: only a push wake-up runs it sooner. Private
/// networks allowed, for the subscriber on loopback.
/// </summary>
public sealed class WakeOnPushApp : SluiceApp
{
    protected override bool MovableClock => false;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Notifications:IntervalSeconds"] = "3600",
        ["Sluice:Notifications:WakeOnPush"] = "true",
        ["Sluice:Notifications:AllowPrivateNetworks"] = "true",
    };
}

public sealed class WakeOnPushTests(WakeOnPushApp app) : IClassFixture<WakeOnPushApp>
{
    [Fact]
    public async Task A_post_to_a_subscribed_queue_wakes_the_in_process_loop_at_once()
    {
        await using var receiver = await WebhookReceiver.Start();
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, receiver.Url);

        var ids = await api.PostMessages(queue, "\"now\"");

        var received = await receiver.WaitFor(r => r.Count == 1); // within 30 s, against an interval of an hour
        Assert.Equal(ids[0], JsonNode.Parse(received[0].Body)!["message_id"]!.GetValue<string>());
    }

    /// <summary>
    /// The wake-up comes while an older transaction is still open, so the follower cannot read the post yet: it looks
    /// again shortly instead of sleeping until its next tick, and delivers once the older transaction ends.
    /// </summary>
    [Fact]
    public async Task A_post_held_back_by_an_older_open_transaction_is_delivered_once_that_ends()
    {
        await using var receiver = await WebhookReceiver.Start();
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, receiver.Url);

        string id;
        await using (var older = await LatePost.Begin(app, api.Project, MessageWire.NewQueue(), "\"older\""))
        {
            id = (await api.PostMessages(queue, "\"held\""))[0];
            // The post's wake-up ran a follower pass (it made the queue's cursor) while the older transaction held the post back.
            await using var connection = await SchemaConnection.Open(app.Schema);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!await connection.Scalar<bool>($"SELECT EXISTS (SELECT 1 FROM notification_cursors WHERE queue_name = '{queue}')"))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "no follower pass after the post's wake-up");
                await Task.Delay(20);
            }
            Assert.Empty(receiver.Received);
            await older.Commit();
        }

        var received = await receiver.WaitFor(r => r.Count == 1);
        Assert.Equal(id, JsonNode.Parse(received[0].Body)!["message_id"]!.GetValue<string>());
    }
}
