using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Subscriptions;

/// <summary>The service as the Functions host runs it, with the defaults.</summary>
public sealed class DefaultServerlessApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7071", ["Sluice:Auth:AnonymousBehindHost"] = "true" };
}

/// <summary>Under the Functions host too, the notify timer function never calls a subscriber on loopback by default.</summary>
public sealed class ServerlessPrivateNetworkTests(DefaultServerlessApp app) : IClassFixture<DefaultServerlessApp>
{
    [Fact]
    public async Task Given_the_defaults_When_the_host_invokes_notify_for_a_loopback_subscriber_Then_it_is_rejected_and_never_called()
    {
        await using var receiver = await WebhookReceiver.Start();
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, $"http://localhost:{new Uri(receiver.Url).Port}/hook");
        await api.PostMessages(queue, "1");

        var log = "";
        await Horizon.Until(async () =>
        {
            var reply = await app.InvokeTimer("/notify");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            log = JsonNode.Parse(reply.Body)!["Logs"]![0]!.GetValue<string>();
            return !log.StartsWith("notify: made 0 ", StringComparison.Ordinal);
        }, "the notify invocation made the notification");

        Assert.Equal("notify: made 1 notifications; delivered 0, rejected 1, retrying 0, gave up 0", log);
        Assert.Empty(receiver.Received);
    }
}
