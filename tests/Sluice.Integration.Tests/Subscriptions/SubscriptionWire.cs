using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Subscriptions;

/// <summary>Subscription calls of the v2 API (contract §7.4).</summary>
public static class SubscriptionWire
{
    /// <summary>Creates a subscription; returns its id.</summary>
    public static async Task<string> Subscribe(this Api api, string queue, string subscriber, string options = "{}", int? ttl = null)
    {
        var ttlField = ttl is { } t ? $",\"ttl\":{t}" : "";
        var reply = await api.Post($"/v2/queues/{queue}/subscriptions", $"{{\"subscriber\":\"{subscriber}\",\"options\":{options}{ttlField}}}");
        Assert.Equal(HttpStatusCode.Created, reply.Status);
        return reply.Json!["subscription_id"]!.GetValue<string>();
    }

    public static async Task<JsonObject?> Subscription(this Api api, string queue, string id)
    {
        var reply = await api.Get($"/v2/queues/{queue}/subscriptions/{id}");
        if (reply.Status == HttpStatusCode.NotFound) return null;
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return reply.Json!.AsObject();
    }

    public static async Task<string[]> SubscriptionIds(this Api api, string queue)
    {
        var reply = await api.Get($"/v2/queues/{queue}/subscriptions?limit=20");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        return [.. reply.Json!["subscriptions"]!.AsArray().Select(s => s!["id"]!.GetValue<string>())];
    }

    /// <summary>Runs the follower until it has made <paramref name="count"/> notifications (see <see cref="Horizon"/>).</summary>
    public static async Task FollowUntil(this Sluice.Infra.Notifications.Notifier notifier, long count)
    {
        var made = 0L;
        await Horizon.Until(async () => (made += await notifier.Follow(default)) >= count, $"the follower made {count} notifications");
    }

    public static Task<Reply> Confirm(this Api api, string queue, string id, string body = "{\"confirmed\":true}") =>
        api.Put($"/v2/queues/{queue}/subscriptions/{id}/confirm", body);

    public static Task<Reply> PatchSubscription(this Api api, string queue, string id, string body) =>
        api.Patch($"/v2/queues/{queue}/subscriptions/{id}", body, "application/json");
}
