using System.Net;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Hosting;

/// <summary>
/// The service as the Functions host runs it: FUNCTIONS_CUSTOMHANDLER_PORT is set. Private networks are allowed, for
/// the subscriber on loopback.
/// </summary>
public sealed class ServerlessApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7071", ["Sluice:Auth:AnonymousBehindHost"] = "true",
        ["Sluice:Notifications:AllowPrivateNetworks"] = "true",
    };
}

/// <summary>
/// Timer functions: the host posts its payload to /{function}; the app runs the job and answers the JSON object the
/// host requires. A client request the host passed through (X-Forwarded-For) is not an invocation.
/// </summary>
public sealed class TimerInvocationTests(ServerlessApp app) : IClassFixture<ServerlessApp>
{
    [Fact]
    public async Task Given_expired_messages_When_the_host_invokes_sweep_Then_it_sweeps_and_answers_the_invocation_shape()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.PostOne(queue, """{"body":"gone","ttl":60}""");
        app.Clock.Advance(TimeSpan.FromSeconds(61));

        var reply = await app.InvokeTimer("/sweep");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json", reply.ContentType);
        var body = JsonNode.Parse(reply.Body)!.AsObject();
        Assert.Empty(body["Outputs"]!.AsObject());
        Assert.Null(body["ReturnValue"]);
        var log = Assert.Single(body["Logs"]!.AsArray())!.GetValue<string>();
        Assert.Matches("^sweep: swept [1-9][0-9]* expired messages and claims, forgot [0-9]+ idempotency keys, removed [0-9]+ expired subscriptions$", log);

        var again = JsonNode.Parse((await app.InvokeTimer("/sweep")).Body)!;
        Assert.Equal("sweep: swept 0 expired messages and claims, forgot 0 idempotency keys, removed 0 expired subscriptions", again["Logs"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task The_statistics_job_answers_the_invocation_shape()
    {
        var reply = await app.InvokeTimer("/statistics");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var log = JsonNode.Parse(reply.Body)!["Logs"]![0]!.GetValue<string>();
        Assert.StartsWith("statistics: ", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Given_a_subscription_When_the_host_invokes_notify_Then_the_subscriber_gets_the_message()
    {
        await using var receiver = await WebhookReceiver.Start();
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await Subscriptions.SubscriptionWire.Subscribe(api, queue, receiver.Url);
        var id = (await api.PostMessages(queue, "\"pushed\""))[0];

        var log = "";
        await Horizon.Until(async () =>
        {
            var reply = await app.InvokeTimer("/notify");
            Assert.Equal(HttpStatusCode.OK, reply.Status);
            log = JsonNode.Parse(reply.Body)!["Logs"]![0]!.GetValue<string>();
            return receiver.Received.Count > 0;
        }, "the notify invocation delivered the post");
        Assert.Equal("notify: made 1 notifications; delivered 1, rejected 0, retrying 0, gave up 0", log);
        Assert.Equal(id, JsonNode.Parse(Assert.Single(receiver.Received).Body)!["message_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_passed_through_client_request_to_a_timer_path_is_not_found()
    {
        using var client = app.Raw();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sweep") { Content = new StringContent(FunctionsHost.TimerPayload, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var reply = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
    }
}

/// <summary>Standalone, the jobs run in-process and no timer path is served.</summary>
public sealed class StandaloneTimerPathTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Theory]
    [InlineData("/sweep")]
    [InlineData("/statistics")]
    public async Task Timer_paths_are_not_found(string path)
    {
        using var client = app.Raw();
        using var reply = await client.PostAsync(path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
    }
}
