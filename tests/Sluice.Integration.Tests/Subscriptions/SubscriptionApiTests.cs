using System.Net;
using System.Text.Json.Nodes;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Domain.Subscriptions;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Subscriptions;

/// <summary>Subscription CRUD and confirmation as Zaqar answers them (contract §7.4, §8 items 3 and 11).</summary>
public sealed class SubscriptionApiTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_a_new_subscriber_When_posted_Then_it_is_created_with_defaults_and_its_queue_exists()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var reply = await api.Post($"/v2/queues/{queue}/subscriptions",
            "{\"subscriber\":\"http://hooks.example:5679/hook\",\"options\":{\"post_headers\":{\"X-Token\":\"é\"}},\"extra\":1}");

        Assert.Equal(HttpStatusCode.Created, reply.Status);
        Assert.Equal($"/v2/queues/{queue}/subscriptions", reply.Location);
        var id = reply.Json!["subscription_id"]!.GetValue<string>();
        var s = await api.Subscription(queue, id);
        Assert.Equal(id, s!["id"]!.GetValue<string>());
        Assert.Equal(queue, s["source"]!.GetValue<string>());
        Assert.Equal("http://hooks.example:5679/hook", s["subscriber"]!.GetValue<string>());
        Assert.Equal(3600, s["ttl"]!.GetValue<int>());
        Assert.Equal(0, s["age"]!.GetValue<int>());
        Assert.Equal("é", s["options"]!["post_headers"]!["X-Token"]!.GetValue<string>());
        Assert.False(s["confirmed"]!.GetValue<bool>());
        Assert.Contains(queue, (await api.Get("/v2/queues?limit=20")).Body);
    }

    [Fact]
    public async Task Given_an_unconfirmed_subscriber_When_posted_again_Then_the_same_id_and_once_confirmed_a_409()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var id = await api.Subscribe(queue, "https://example.com/a");

        Assert.Equal(id, await api.Subscribe(queue, "https://example.com/a", ttl: 999));
        Assert.Equal(3600, (await api.Subscription(queue, id))!["ttl"]!.GetValue<int>());

        var confirm = await api.Confirm(queue, id);
        Assert.Equal(HttpStatusCode.NoContent, confirm.Status);
        Assert.Equal($"/v2/queues/{queue}/subscriptions/{id}/confirm", confirm.Location);
        Assert.True((await api.Subscription(queue, id))!["confirmed"]!.GetValue<bool>());

        var again = await api.Post($"/v2/queues/{queue}/subscriptions", "{\"subscriber\":\"https://example.com/a\"}");
        MessageWire.Error(again, HttpStatusCode.Conflict, "Resource conflict",
            "Such subscription already exists.Subscriptions are unique by project + queue + subscriber URI.");
        Assert.Equal($"/v2/queues/{queue}/subscriptions", again.Location);
        Assert.Equal([id], await api.SubscriptionIds(queue));
    }

    [Fact]
    public async Task Given_one_subscriber_posted_in_parallel_Then_one_subscription_answers_every_post()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => api.Subscribe(queue, "https://example.com/race")));
        Assert.Single(ids.Distinct());
        Assert.Equal([ids[0]], await api.SubscriptionIds(queue));
    }

    [Theory]
    [InlineData("", "Missing parameter subscriber in body.")]
    [InlineData("{\"ttl\":120}", "Missing parameter subscriber in body.")]
    [InlineData("{\"subscriber\":\"ftp://example.com/x\"}", "The subscriber type of subscription must be supported in the list ['http', 'https', 'trust+http', 'trust+https'].")]
    [InlineData("{\"subscriber\":\"mailto:ops@example.com\"}", "The subscriber type of subscription must be supported in the list ['http', 'https', 'trust+http', 'trust+https'].")]
    [InlineData("{\"subscriber\":\"http://\"}", "The subscriber type of subscription must be supported in the list ['http', 'https', 'trust+http', 'trust+https'].")]
    [InlineData("{\"subscriber\":5}", "The subscriber type of subscription must be supported in the list ['http', 'https', 'trust+http', 'trust+https'].")]
    [InlineData("{\"subscriber\":\"http://a.example\",\"ttl\":\"60\"}", "TTL must be an integer.")]
    [InlineData("{\"subscriber\":\"http://a.example\",\"ttl\":59}", "The TTL for a subscription must be at least 60 seconds long.")]
    [InlineData("{\"subscriber\":\"http://a.example\",\"ttl\":99999999999}", "The TTL seconds for a subscription plus current time must be less than 9999-12-31 23:59:59.999999.")]
    [InlineData("{\"subscriber\":\"http://a.example\",\"options\":[]}", "Options must be a dict.")]
    [InlineData("{\"subscriber\":\"http://a.example\",\"options\":{\"_retry_policy\":{\"minimum_delay\":5,\"maximum_delay\":10}}}", "invalid minimum_delay and maximum_delay.")]
    [InlineData("{\"subscriber\":\"http://a.example\",\"options\":{\"_retry_policy\":{\"retry_backoff_function\":\"cubic\"}}}", "invalid retry_backoff_function.")]
    [InlineData("{\"subscriber\":\"http://a.example\",\"options\":{\"post_headers\":[]}}", "post_headers must be a dict.")]
    [InlineData("{\"subscriber\":\"http://a.example\",\"options\":{\"post_data\":{}}}", "post_data must be a string.")]
    [InlineData("{\"subscriber\":\"http://a.example\",\"options\":{\"from\":\"not an address\"}}", "from must be a mail address.")]
    public async Task Given_a_bad_subscription_When_posted_Then_400_and_nothing_is_created(string body, string description)
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var reply = await api.Post($"/v2/queues/{queue}/subscriptions", body.Length == 0 ? null : body);
        MessageWire.Error(reply, HttpStatusCode.BadRequest, "Invalid API request", description);
        Assert.Empty(await api.SubscriptionIds(queue));
        Assert.DoesNotContain(queue, (await api.Get("/v2/queues?limit=20")).Body);
    }

    [Theory]
    [InlineData("X-Token", "v\\r\\nX-Injected: 1")]
    [InlineData("X-Token", "a\\u0007b")] // NUL is refused before this check (HostileInputTests)
    [InlineData("Host", "elsewhere.example")]
    [InlineData("Transfer-Encoding", "chunked")]
    [InlineData("Bad Name", "x")]
    [InlineData("X-Number", null)]
    public async Task Given_post_headers_that_would_reshape_the_request_When_posted_Then_400(string name, string? value)
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var json = value is null ? "7" : $"\"{value}\"";
        var reply = await api.Post($"/v2/queues/{queue}/subscriptions", $"{{\"subscriber\":\"http://a.example\",\"options\":{{\"post_headers\":{{\"{name}\":{json}}}}}}}");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.StartsWith($"post_headers may not set {name}:", reply.Description, StringComparison.Ordinal);
        Assert.Empty(await api.SubscriptionIds(queue));
    }

    [Fact]
    public async Task Given_a_subscriber_longer_than_2048_characters_When_posted_Then_400()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var reply = await api.Post($"/v2/queues/{queue}/subscriptions", $"{{\"subscriber\":\"http://a.example/{new string('x', 2048)}\"}}");
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Empty(await api.SubscriptionIds(queue));
    }

    [Fact]
    public async Task Given_subscriptions_When_listed_Then_pages_follow_the_marker_until_an_empty_page()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var made = new List<string>();
        for (var i = 0; i < 3; i++) made.Add(await api.Subscribe(queue, $"https://example.com/{i}"));

        var first = await api.Get($"/v2/queues/{queue}/subscriptions?limit=2");
        Assert.Equal(made[..2], first.Json!["subscriptions"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        var next = first.Json["links"]![0]!["href"]!.GetValue<string>();
        Assert.Equal($"/v2/queues/{queue}/subscriptions?limit=2&marker={made[1]}", next);
        var second = await api.Get(next);
        Assert.Equal([made[2]], second.Json!["subscriptions"]!.AsArray().Select(s => s!["id"]!.GetValue<string>()));
        var last = await api.Get(second.Json["links"]![0]!["href"]!.GetValue<string>());
        Assert.Equal("{\"subscriptions\":[],\"links\":[]}", last.Body);
        MessageWire.Error(await api.Get($"/v2/queues/{queue}/subscriptions?limit=21"), HttpStatusCode.BadRequest, "Invalid API request",
            "Limit must be at least 1 and may not be greater than 20.");
        Assert.Equal(3, (await api.Get($"/v2/queues/{queue}/subscriptions?marker=garbage")).Json!["subscriptions"]!.AsArray().Count);
    }

    [Fact]
    public async Task Given_a_patch_with_a_null_subscriber_as_the_openstack_client_sends_When_patched_Then_only_the_ttl_changes()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var id = await api.Subscribe(queue, "https://example.com/kept", ttl: 120);

        var patched = await api.PatchSubscription(queue, id, "{\"subscriber\":null,\"ttl\":7200,\"options\":null}");

        Assert.Equal(HttpStatusCode.NoContent, patched.Status);
        var s = await api.Subscription(queue, id);
        Assert.Equal("https://example.com/kept", s!["subscriber"]!.GetValue<string>());
        Assert.Equal(7200, s["ttl"]!.GetValue<int>());
        MessageWire.Error(await api.Post($"/v2/queues/{queue}/subscriptions", "{\"subscriber\":null}"), HttpStatusCode.BadRequest,
            "Invalid API request", "Missing parameter subscriber in body.");
    }

    [Fact]
    public async Task Given_a_subscription_When_patched_Then_fields_change_and_its_ttl_counts_from_now()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var id = await api.Subscribe(queue, "https://example.com/old", ttl: 120);
        var other = await api.Subscribe(queue, "https://example.com/other");
        app.Clock.Advance(TimeSpan.FromSeconds(100));

        var patched = await api.PatchSubscription(queue, id, "{\"subscriber\":\"https://example.com/new\",\"ttl\":300,\"options\":{\"a\":1}}");
        Assert.Equal(HttpStatusCode.NoContent, patched.Status);
        Assert.Equal($"/v2/queues/{queue}/subscriptions/{id}", patched.Location);
        app.Clock.Advance(TimeSpan.FromSeconds(200)); // past the old expiry, within the new one
        var s = await api.Subscription(queue, id);
        Assert.Equal("https://example.com/new", s!["subscriber"]!.GetValue<string>());
        Assert.Equal(300, s["ttl"]!.GetValue<int>());
        Assert.Equal(200, s["age"]!.GetValue<int>());
        Assert.Equal(1, s["options"]!["a"]!.GetValue<int>());

        MessageWire.Error(await api.PatchSubscription(queue, other, "{\"subscriber\":\"https://example.com/new\"}"), HttpStatusCode.Conflict, "Resource conflict",
            "Such subscription already exists.Subscriptions are unique by project + queue + subscriber URI.");
        MessageWire.Error(await api.PatchSubscription(queue, id, "{}"), HttpStatusCode.BadRequest, "Invalid API request", "No subscription to create.");

        MessageWire.Error(await api.PatchSubscription(queue, id, "{\"confirmed\":true}"), HttpStatusCode.BadRequest, "Unable to update subscription",
            $"Subscription {id} could not be updated.");
        MessageWire.Error(await api.PatchSubscription(queue, id, "{\"ttl\":10}"), HttpStatusCode.BadRequest, "Invalid API request",
            "The TTL for a subscription must be at least 60 seconds long.");
        var missing = MessageWire.UnknownId();
        MessageWire.Error(await api.PatchSubscription(queue, missing, "{\"ttl\":100}"), HttpStatusCode.NotFound, "Not found", $"Subscription {missing} does not exist");
        Assert.Equal("https://example.com/new", (await api.Subscription(queue, id))!["subscriber"]!.GetValue<string>());

        // Without a ttl the expiry stands (it counts from the last update that set one); the age restarts.
        Assert.Equal(HttpStatusCode.NoContent, (await api.PatchSubscription(queue, id, "{\"options\":{\"b\":2}}")).Status);
        Assert.Equal(0, (await api.Subscription(queue, id))!["age"]!.GetValue<int>());
        app.Clock.Advance(TimeSpan.FromSeconds(101)); // past 300 s after the ttl was set
        Assert.Null(await api.Subscription(queue, id));
    }

    [Fact]
    public async Task Given_a_subscription_When_confirmed_badly_or_missing_Then_400_404_and_405_for_post()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var id = await api.Subscribe(queue, "https://example.com/c");

        MessageWire.Error(await api.Confirm(queue, id, "{\"confirmed\":\"yes\"}"), HttpStatusCode.BadRequest, "Invalid API request", "The 'confirmed' should be boolean.");
        MessageWire.Error(await api.Confirm(queue, id, "{}"), HttpStatusCode.BadRequest, "Invalid API request", "The 'confirmed' should be boolean.");
        var missing = MessageWire.UnknownId();
        MessageWire.Error(await api.Confirm(queue, missing), HttpStatusCode.NotFound, "Not found", $"Subscription {missing} does not exist");
        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await api.Post($"/v2/queues/{queue}/subscriptions/{id}/confirm", "{\"confirmed\":true}")).Status);
        Assert.False((await api.Subscription(queue, id))!["confirmed"]!.GetValue<bool>());

        Assert.Equal(HttpStatusCode.NoContent, (await api.Confirm(queue, id)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Confirm(queue, id, "{\"confirmed\":false}")).Status);
        Assert.False((await api.Subscription(queue, id))!["confirmed"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Given_a_subscription_When_deleted_or_expired_Then_it_is_gone_and_its_subscriber_free()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var deleted = await api.Subscribe(queue, "https://example.com/d");
        var expiring = await api.Subscribe(queue, "https://example.com/e", ttl: 60);
        await api.Confirm(queue, expiring);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{queue}/subscriptions/{deleted}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{queue}/subscriptions/{deleted}")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{queue}/subscriptions/not-an-id")).Status);
        Assert.Null(await api.Subscription(queue, deleted));
        MessageWire.Error(await api.Get($"/v2/queues/{queue}/subscriptions/not-an-id"), HttpStatusCode.NotFound, "Not found", "Subscription not-an-id does not exist");

        app.Clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Null(await api.Subscription(queue, expiring));
        Assert.Empty(await api.SubscriptionIds(queue));
        var renewed = await api.Subscribe(queue, "https://example.com/e"); // confirmed once, but expired: a new one
        Assert.NotEqual(expiring, renewed);
        Assert.Equal([renewed], await api.SubscriptionIds(queue));
    }

    [Fact]
    public async Task Given_an_expired_subscription_When_the_sweep_runs_Then_it_is_deleted_in_the_log()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var expiring = await api.Subscribe(queue, "https://example.com/x", ttl: 60);
        var kept = await api.Subscribe(queue, "https://example.com/y", ttl: 600);
        // Swept once it has been expired a minute and the follower has read its whole queue (it owes nothing then; see
        // Horizon).
        app.Clock.Advance(TimeSpan.FromSeconds(121));
        var mediator = app.Services.GetRequiredService<IMediator>();
        var notifier = app.Services.GetRequiredService<Sluice.Infra.Notifications.Notifier>();
        JsonNode? deleted = null;
        await Horizon.Until(async () =>
        {
            await notifier.Follow(default);
            await mediator.Send(new ExpireSubscriptionsCommand(1000));
            var events = (await api.Get($"/v2/queues/{queue}/events?limit=100")).Json!["events"]!.AsArray();
            deleted = events.SingleOrDefault(e => e!["type"]!.GetValue<string>() == "subscription-deleted");
            return deleted is not null;
        }, "the sweep deleted the expired subscription");

        Assert.Equal(expiring, deleted?["data"]!["id"]!.GetValue<string>());
        Assert.Equal([kept], await api.SubscriptionIds(queue));
    }

    [Fact]
    public async Task Given_subscriptions_When_the_queue_is_deleted_or_purged_Then_delete_keeps_them_and_purge_removes_them()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var id = await api.Subscribe(queue, "https://example.com/p");

        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{queue}")).Status);
        Assert.Equal([id], await api.SubscriptionIds(queue));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Post($"/v2/queues/{queue}/purge", "{\"resource_types\":[\"messages\"]}")).Status);
        Assert.Equal([id], await api.SubscriptionIds(queue));

        await api.PostMessages(queue, "1");
        Assert.Equal(HttpStatusCode.NoContent, (await api.Post($"/v2/queues/{queue}/purge", "{\"resource_types\":[\"subscriptions\"]}")).Status);
        Assert.Empty(await api.SubscriptionIds(queue));
        Assert.Equal(1, await api.Total(queue));
    }

    [Fact]
    public async Task Given_another_project_Then_it_cannot_see_change_or_delete_the_subscription()
    {
        using var owner = app.Api();
        using var other = app.Api();
        var queue = MessageWire.NewQueue();
        var id = await owner.Subscribe(queue, "https://example.com/t");

        Assert.Null(await other.Subscription(queue, id));
        Assert.Empty(await other.SubscriptionIds(queue));
        Assert.Equal(HttpStatusCode.NotFound, (await other.PatchSubscription(queue, id, "{\"ttl\":100}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Confirm(queue, id)).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await other.Delete($"/v2/queues/{queue}/subscriptions/{id}")).Status);
        Assert.Equal(3600, (await owner.Subscription(queue, id))!["ttl"]!.GetValue<int>());
        Assert.NotEqual(id, await other.Subscribe(queue, "https://example.com/t"));
    }

    [Fact]
    public async Task Given_a_queue_retry_policy_When_invalid_Then_put_and_patch_are_400()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Put($"/v2/queues/{queue}", "{\"_retry_policy\":{\"minimum_delay\":20,\"maximum_delay\":10}}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Put($"/v2/queues/{queue}", "{\"_retry_policy\":[1]}")).Status);
        Assert.Equal(HttpStatusCode.Created, (await api.Put($"/v2/queues/{queue}", "{\"_retry_policy\":{\"minimum_delay\":1,\"maximum_delay\":11}}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await api.Patch($"/v2/queues/{queue}",
            "[{\"op\":\"replace\",\"path\":\"/metadata/_retry_policy\",\"value\":{\"retries_with_no_delay\":\"3\"}}]")).Status);
    }
}
