using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Infra.Waiting;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.LongPolling;

/// <summary>
/// Long polls woken by time alone: a delay that ends, or a claim that expires, while many claims or listings wait at
/// once. Nothing else wakes them (the sweep runs hourly here, and nobody posts), so each answer shows that the
/// waiter's own timer found its message; the answer must come soon after the message became due, not at the end of
/// the 20 s wait. A waiter used to sleep out its wait when its timer fired a moment early, or when its message came due
/// while it looked; and of many claims waiting on one queue, only those a delayed post had woken knew when to look.
/// </summary>
public sealed class LongPollWakeUpTests(RunningClockApp app) : IClassFixture<RunningClockApp>
{
    private const int Waits = 24;

    // Generous for a busy shared machine, and far below the 20 s a missed wake-up costs.
    private static readonly TimeSpan MostLate = TimeSpan.FromSeconds(1.5);

    private QueueSignals Signals => app.Services.GetRequiredService<QueueSignals>();

    [Theory]
    [InlineData("claims")]
    [InlineData("messages")]
    public async Task Given_delayed_messages_When_many_polls_wait_for_them_Then_each_answers_when_its_delay_ends(string poll)
    {
        using var api = app.Api();
        var queues = NewQueues();
        await Task.WhenAll(queues.Select(q => api.CreateQueue(q, """{"_default_message_delay":4}""")));
        var due = await Task.WhenAll(queues.Select(async q =>
        {
            var before = app.Clock.GetUtcNow();
            var id = await api.PostOne(q, """{"body":"later","ttl":300}""");
            return (Id: id, Due: before + TimeSpan.FromSeconds(4));
        }));

        await AssertEachWokenInTime(api, poll, queues, due);
    }

    [Theory]
    [InlineData("claims")]
    [InlineData("messages")]
    public async Task Given_claims_about_to_expire_When_many_polls_wait_for_their_messages_Then_each_answers_when_its_claim_expires(string poll)
    {
        using var api = app.Api();
        var queues = NewQueues();
        var due = await Task.WhenAll(queues.Select(async q =>
        {
            var id = await api.PostOne(q, """{"body":"held","ttl":300}""");
            var before = app.Clock.GetUtcNow();
            var (claim, _) = await api.Claim(q, ttl: 60);
            Assert.NotNull(claim);
            return (Id: id, Due: before + TimeSpan.FromSeconds(60));
        }));
        // A minute is the shortest claim: the clock jumps to four seconds before they expire and runs on from there.
        app.Clock.Advance(TimeSpan.FromSeconds(56));

        await AssertEachWokenInTime(api, poll, queues, due);
    }

    [Fact]
    public async Task Given_delays_ending_one_after_another_When_as_many_claims_wait_on_the_queue_Then_each_takes_one_as_it_ends()
    {
        using var api = app.Api();
        var queue = MessageWire.NewQueue();
        await api.CreateQueue(queue, """{"_default_message_delay":4}""");
        var claims = Enumerable.Range(0, Waits).Select(_ => Poll(api, "claims", queue)).ToArray();
        await Parked(Waits);
        // One after another, so the delays end a few milliseconds apart: while the claims woken for one are busy, the
        // next comes due, and a claim that looked for it too early must look again.
        var due = new List<(string Id, DateTimeOffset Due)>();
        for (var i = 0; i < Waits; i++)
        {
            var before = app.Clock.GetUtcNow();
            due.Add((await api.PostOne(queue, $$"""{"body":{{i}},"ttl":300}"""), before + TimeSpan.FromSeconds(4)));
        }
        Assert.True(app.Clock.GetUtcNow() < due[0].Due, "the messages were posted only after the first was due: the test proves nothing");

        var answers = (await Task.WhenAll(claims)).OrderBy(a => a.At).ToArray();
        // The i-th answer to come can be due no earlier than the i-th message.
        var late = answers.Select((a, i) => (a.Reply, Ids: Ids(a.Reply), Late: a.At - due[i].Due)).ToArray();
        Assert.True(late.All(l => l.Late < MostLate), $"answers (due to answered): {Report(late)}");
        Assert.Equal(due.Select(d => d.Id).Order(), late.SelectMany(l => l.Ids).Order());
        await Parked(0);
    }

    /// <summary>
    /// Starts a poll with wait=20 on every queue, checks they are all parked before the first message is due, then that
    /// each answers with its message no later than <see cref="MostLate"/> after it was due.
    /// </summary>
    private async Task AssertEachWokenInTime(Api api, string poll, string[] queues, (string Id, DateTimeOffset Due)[] due)
    {
        var polls = queues.Select(q => Poll(api, poll, q)).ToArray();
        await Parked(queues.Length);
        var first = due.Min(d => d.Due);
        Assert.True(app.Clock.GetUtcNow() < first, "the polls were parked only after the first message was due: the test proves nothing");

        var answers = await Task.WhenAll(polls);
        var late = answers.Select((a, i) => (a.Reply, Ids: Ids(a.Reply), Late: a.At - due[i].Due)).ToArray();
        Assert.True(late.All(l => l.Late < MostLate), $"answers (due to answered): {Report(late)}");
        for (var i = 0; i < answers.Length; i++) Assert.Equal([due[i].Id], late[i].Ids);
        await Parked(0);
    }

    /// <summary>A claim of one message or a listing, waiting up to 20 s; answered at the service's time.</summary>
    private async Task<(Reply Reply, DateTimeOffset At)> Poll(Api api, string poll, string queue)
    {
        var reply = poll == "claims"
            ? await api.Post($"/v2/queues/{queue}/claims?limit=1&wait=20", """{"ttl":60}""")
            : await api.Get($"/v2/queues/{queue}/messages?echo=true&wait=20");
        return (reply, app.Clock.GetUtcNow());
    }

    private static string[] Ids(Reply reply) =>
        reply.Status is HttpStatusCode.Created or HttpStatusCode.OK ? MessageWire.Ids(reply.Json!["messages"]!.AsArray()) : [];

    private static string Report(IEnumerable<(Reply Reply, string[] Ids, TimeSpan Late)> late) =>
        string.Join(", ", late.Select(l => $"{(int)l.Reply.Status} {l.Ids.Length} message(s) after {l.Late.TotalSeconds:0.000} s"));

    private static string[] NewQueues() => [.. Enumerable.Range(0, Waits).Select(_ => MessageWire.NewQueue())];

    private Task Parked(int count) => Signals.Parked(count);
}
