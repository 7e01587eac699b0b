using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Infra.Notifications;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Subscriptions;

/// <summary>
/// By default a webhook never reaches loopback, private, link-local or shared addresses (README "Push
/// subscriptions"): a subscriber naming one literally is refused when subscribed, and delivery refuses to connect to
/// one whatever the spelling or the name that resolves to it. Each delivery runs the notifier to completion and reads
/// what it recorded; the receivers listen all along, so a connection would have been received.
/// </summary>
public sealed class PrivateNetworkTests(AllowedThenDefaultApps apps) : IClassFixture<AllowedThenDefaultApps>, IAsyncLifetime
{
    private const string Refusal = "The subscriber must not be a loopback, private, link-local or other non-public address.";

    private WebhookReceiver _v4 = null!;
    private WebhookReceiver _v6 = null!;

    public async Task InitializeAsync()
    {
        _v4 = await WebhookReceiver.Start();
        _v6 = await WebhookReceiver.Start("[::1]");
    }

    public async Task DisposeAsync()
    {
        await _v4.DisposeAsync();
        await _v6.DisposeAsync();
    }

    [Theory]
    [InlineData("127.0.0.1", 4, true)]
    [InlineData("2130706433", 4, true)]
    [InlineData("0x7f000001", 4, true)]
    [InlineData("0177.0.0.1", 4, true)]
    [InlineData("127.1", 4, true)]
    [InlineData("0.0.0.0", 4, false)]
    [InlineData("[::ffff:127.0.0.1]", 4, true)]
    [InlineData("[::ffff:7f00:1]", 4, true)]
    [InlineData("localhost", 4, true)]
    [InlineData("[::1]", 6, true)]
    [InlineData("[0:0:0:0:0:0:0:1]", 6, true)]
    [InlineData("[::]", 6, false)]
    public async Task Given_the_defaults_When_a_subscriber_is_a_listening_loopback_receiver_Then_it_is_never_called_and_once_allowed_it_is(
        string host, int family, bool liveWhenAllowed)
    {
        var receiver = family == 6 ? _v6 : _v4;
        var subscriber = $"http://{host}:{new Uri(receiver.Url).Port}/hook";
        using var api = apps.Allowed.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, subscriber);
        await api.PostMessages(queue, "\"blocked\"");

        var blocked = await DeliverOne(apps.Default);

        Assert.Equal((0, 1, 0), (blocked.Delivered, blocked.Rejected, blocked.Retried)); // refused for good, not retried
        Assert.Empty(receiver.Received);
        if (!liveWhenAllowed) return; // .NET's resolver refuses 0.0.0.0 and :: as targets whatever Sluice allows

        // The same subscriber where private networks are allowed: the address is live, so the guard alone kept it out.
        var id = (await api.PostMessages(queue, "\"allowed\""))[0];
        Assert.Equal(1, (await DeliverOne(apps.Allowed)).Delivered);
        Assert.Equal(id, JsonNode.Parse(Assert.Single(receiver.Received).Body)!["message_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_the_defaults_When_a_host_name_resolves_to_loopback_Then_it_is_subscribed_but_never_called()
    {
        Assert.All(await Dns.GetHostAddressesAsync("localhost"), a => Assert.True(IPAddress.IsLoopback(a)));
        using var api = apps.Default.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, $"http://localhost:{new Uri(_v4.Url).Port}/hook"); // a name is judged on delivery
        await api.PostMessages(queue, "1");

        var run = await DeliverOne(apps.Default);

        Assert.Equal((0, 1, 0), (run.Delivered, run.Rejected, run.Retried));
        Assert.Empty(_v4.Received);
    }

    [Theory]
    [InlineData("http://127.0.0.1/hook")]
    [InlineData("http://2130706433/")]
    [InlineData("http://0x7f000001/")]
    [InlineData("http://0177.0.0.1/")]
    [InlineData("http://127.1/")]
    [InlineData("http://0.0.0.0:8080/")]
    [InlineData("http://[::]/")]
    [InlineData("http://[::1]:8080/hook")]
    [InlineData("http://[0:0:0:0:0:0:0:1]/")]
    [InlineData("http://[::ffff:127.0.0.1]/")]
    [InlineData("http://[::ffff:7f00:1]/")]
    [InlineData("http://[::ffff:169.254.169.254]/latest/meta-data/")]
    [InlineData("http://169.254.169.254/metadata/instance?api-version=2021-02-01")]
    [InlineData("http://[fe80::1]/")]
    [InlineData("http://[fe80::1%25eth0]/")]
    [InlineData("http://[fc00::1]/")]
    [InlineData("http://[fd00::1]/")]
    [InlineData("http://10.0.0.1:5679/hook")]
    [InlineData("https://172.16.0.1/")]
    [InlineData("https://192.168.1.1/")]
    [InlineData("http://100.64.0.1/")]
    [InlineData("trust+http://127.0.0.1/")]
    [InlineData("trust+https://10.1.2.3/")]
    public async Task Given_the_defaults_When_a_subscriber_names_a_non_public_address_literally_Then_400_and_nothing_is_created(string subscriber)
    {
        using var api = apps.Default.Api();
        var queue = MessageWire.NewQueue();

        var reply = await api.Post($"/v2/queues/{queue}/subscriptions", $"{{\"subscriber\":\"{subscriber}\"}}");

        MessageWire.Error(reply, HttpStatusCode.BadRequest, "Invalid API request", Refusal);
        Assert.Empty(await api.SubscriptionIds(queue));
    }

    [Fact]
    public async Task Given_the_defaults_When_a_subscription_is_patched_to_a_private_address_Then_400_and_it_is_unchanged()
    {
        using var api = apps.Default.Api();
        var queue = MessageWire.NewQueue();
        var id = await api.Subscribe(queue, "http://8.8.8.8/hook"); // a public literal is fine
        await api.Subscribe(queue, "http://[2606:4700::1111]/hook");

        var reply = await api.PatchSubscription(queue, id, "{\"subscriber\":\"http://[::ffff:a9fe:a9fe]/\"}");

        MessageWire.Error(reply, HttpStatusCode.BadRequest, "Invalid API request", Refusal);
        Assert.Equal("http://8.8.8.8/hook", (await api.Subscription(queue, id))!["subscriber"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_redirect_is_not_followed()
    {
        _v4.Respond = (_, _) => Task.FromResult(307);
        _v4.Location = _v6.Url + "/elsewhere";
        using var api = apps.Allowed.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, _v4.Url);
        await api.PostMessages(queue, "1");

        var run = await DeliverOne(apps.Allowed);

        Assert.Equal(1, run.Delivered); // a 3xx ends the delivery, as in Zaqar
        Assert.Single(_v4.Received);
        Assert.Empty(_v6.Received);
    }

    /// <summary>Follows the log until one notification is made, then runs one delivery pass of <paramref name="app"/>.</summary>
    private static async Task<NotifyRun> DeliverOne(SluiceApp app)
    {
        var notifier = app.Services.GetRequiredService<Notifier>();
        await notifier.FollowUntil(1);
        return await notifier.Run(default);
    }
}
