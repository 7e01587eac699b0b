using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Infra.Waiting;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.LongPolling;

/// <summary>
/// The <c>wait</c> parameter on claim creation and message listing. Wake-ups come from PostgreSQL notifications
/// (the service has no other path from a post to a waiter); the tests watch the service's own count of waiters to
/// know a poll is parked before they post, so no step depends on timing.
/// </summary>
public sealed class LongPollTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    private QueueSignals Signals => app.Services.GetRequiredService<QueueSignals>();

    [Theory]
    [InlineData("-1")]
    [InlineData("abc")]
    [InlineData("21")]
    [InlineData("1.5")]
    public async Task A_bad_wait_is_a_400_on_claims_and_listings_and_claims_nothing(string wait)
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.PostOne(queue, """{"body":1,"ttl":300}""");
        var claim = await api.Post($"/v2/queues/{queue}/claims?wait={wait}", """{"ttl":60}""");
        var list = await api.Get($"/v2/queues/{queue}/messages?echo=true&wait={wait}");
        foreach (var reply in new[] { claim, list })
        {
            Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
            Assert.Equal(MessageWire.InvalidParameter, reply.Title);
            Assert.Contains("wait", reply.Description, StringComparison.Ordinal);
        }
        Assert.Single((await api.Claim(queue)).Messages);
    }

    [Fact]
    public async Task A_waiting_claim_answers_as_soon_as_a_message_is_posted()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var claiming = api.Post($"/v2/queues/{queue}/claims?wait=20&limit=5", """{"ttl":60}""");
        await Parked(1);
        var id = await api.PostOne(queue, """{"body":"late","ttl":300}""");

        var claim = await claiming;
        Assert.Equal(HttpStatusCode.Created, claim.Status);
        Assert.Equal([id], MessageWire.Ids(claim.Json!["messages"]!.AsArray()));
        await Parked(0);
    }

    [Fact]
    public async Task At_the_timeout_the_normal_empty_answers_go_out()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var clock = Stopwatch.StartNew();
        var claim = await api.Post($"/v2/queues/{queue}/claims?wait=1", """{"ttl":60}""");
        var list = await api.Get($"/v2/queues/{queue}/messages?wait=1");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2), $"both waits together took only {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.NoContent, claim.Status);
        Assert.Equal(HttpStatusCode.OK, list.Status);
        Assert.Empty(list.Json!["messages"]!.AsArray());
        Assert.Empty(list.Json!["links"]!.AsArray());
        await Parked(0);
    }

    [Fact]
    public async Task Waiting_listings_all_answer_when_one_message_arrives()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var listings = Enumerable.Range(0, 3).Select(_ => api.Get($"/v2/queues/{queue}/messages?echo=true&wait=20")).ToArray();
        await Parked(3);
        var id = await api.PostOne(queue, """{"body":"seen","ttl":300}""");
        foreach (var listing in await Task.WhenAll(listings))
        {
            Assert.Equal(HttpStatusCode.OK, listing.Status);
            Assert.Equal([id], MessageWire.Ids(listing.Json!["messages"]!.AsArray()));
        }
    }

    [Fact]
    public async Task A_new_message_wakes_only_the_claims_it_can_satisfy()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var claims = Enumerable.Range(0, 4).Select(_ => api.Post($"/v2/queues/{queue}/claims?wait=20&limit=1", """{"ttl":60}""")).ToList();
        await Parked(4);
        var before = Signals.Wakeups;

        var first = await api.PostOne(queue, """{"body":1,"ttl":300}""");
        var winner = await Task.WhenAny(claims);
        Assert.Equal([first], MessageWire.Ids((await winner).Json!["messages"]!.AsArray()));
        Assert.Equal(1, Signals.Wakeups - before);
        Assert.Equal(3, Signals.Waiting);
        Assert.Equal(3, claims.Count(c => !c.IsCompleted));

        claims.Remove(winner);
        var rest = await api.PostMessages(queue, "2", "3", "4");
        var claimed = (await Task.WhenAll(claims)).SelectMany(c => MessageWire.Ids(c.Json!["messages"]!.AsArray())).Order().ToArray();
        Assert.Equal(rest.Order().ToArray(), claimed);
        Assert.Equal(4, Signals.Wakeups - before);
    }

    [Fact]
    public async Task A_client_that_hangs_up_frees_its_wait_at_once()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        using var hangUp = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/queues/{queue}/claims?wait=20")
        {
            Content = new StringContent("""{"ttl":60}""", System.Text.Encoding.UTF8, "application/json"),
        };
        var claiming = api.Http.SendAsync(request, hangUp.Token);
        await Parked(1);
        await hangUp.CancelAsync();
        try
        {
            using var unexpected = await claiming;
            Assert.Fail($"the abandoned claim was answered: {unexpected.StatusCode}");
        }
        catch (OperationCanceledException)
        {
            // the client's own cancellation
        }
        await Parked(0);

        // Nothing was claimed by the abandoned wait.
        var id = await api.PostOne(queue, """{"body":1,"ttl":300}""");
        Assert.Equal([id], MessageWire.Ids((await api.Claim(queue)).Messages));
    }

    [Fact]
    public async Task A_delayed_message_is_claimed_when_its_delay_ends_without_any_post()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        // This message takes the queue's default delay.
        await api.CreateQueue(queue, """{"_default_message_delay":1}""");
        var id = await api.PostOne(queue, """{"body":"later","ttl":300}""");
        var claiming = api.Post($"/v2/queues/{queue}/claims?wait=20", """{"ttl":60}""");
        await Parked(1);
        // The service's clock passes the delay; the parked claim wakes by its own timer (a second of real time).
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var claim = await claiming;
        Assert.Equal(HttpStatusCode.Created, claim.Status);
        Assert.Equal([id], MessageWire.Ids(claim.Json!["messages"]!.AsArray()));
    }

    [Fact]
    public async Task A_post_racing_the_registration_of_a_wait_is_never_missed()
    {
        using var api = app.Api();
        for (var round = 0; round < 20; round++)
        {
            var queue = MessageWire.NewQueue();
            var claiming = api.Post($"/v2/queues/{queue}/claims?wait=10", """{"ttl":60}""");
            var id = await api.PostOne(queue, $$"""{"body":{{round}},"ttl":300}""");
            var claim = await claiming;
            Assert.True(claim.Status == HttpStatusCode.Created, $"round {round}: {claim.Status}");
            Assert.Equal([id], MessageWire.Ids(claim.Json!["messages"]!.AsArray()));
        }
    }

    [Fact]
    public async Task A_released_claim_wakes_a_waiting_claim()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        var id = await api.PostOne(queue, """{"body":1,"ttl":300}""");
        var (held, _) = await api.Claim(queue, ttl: 300);
        var claiming = api.Post($"/v2/queues/{queue}/claims?wait=20", """{"ttl":60}""");
        await Parked(1);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{queue}/claims/{held}")).Status);
        var claim = await claiming;
        Assert.Equal(HttpStatusCode.Created, claim.Status);
        Assert.Equal([id], MessageWire.Ids(claim.Json!["messages"]!.AsArray()));
    }

    private Task Parked(int count) => Signals.Parked(count);
}
