using System.Net;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Domain.Expiry;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Messages;

/// <summary>
/// The expiry sweep removes expired rows but changes no answer: reads already hide them. One test in this class,
/// so its fixture's schema holds nothing else the sweep could count.
/// </summary>
public sealed class ExpirySweepTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    [Fact]
    public async Task Given_expired_messages_and_claim_When_swept_Then_the_count_is_returned_and_the_api_answers_the_same()
    {
        using var api = app.Api();
        var (q, other) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        var a = await api.PostOne(q, """{"body":"a","ttl":60}""");
        var b = await api.PostOne(q, """{"body":"b","ttl":60}""");
        var c = await api.PostOne(q, """{"body":"c","ttl":3600}""");
        var d = await api.PostOne(other, """{"body":"d","ttl":3600}""");
        var (claim, _) = await api.Claim(other, ttl: 60);
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        string[] reads =
        [
            $"/v2/queues/{q}/messages?echo=true&include_claimed=true",
            $"/v2/queues/{other}/messages?echo=true&include_claimed=true",
            $"/v2/queues/{q}/messages/{a}",
            $"/v2/queues/{q}/messages/{c}",
            $"/v2/queues/{other}/messages/{d}",
            $"/v2/queues/{q}/messages?ids={a},{b}",
            $"/v2/queues/{q}/messages?ids={a},{c}",
            $"/v2/queues/{q}/stats",
            $"/v2/queues/{other}/stats",
            $"/v2/queues/{other}/claims/{claim}",
        ];
        var before = await Snapshot(api, reads);
        Assert.Equal(HttpStatusCode.NotFound, before[2].Status);
        Assert.Equal(HttpStatusCode.NotFound, before[9].Status);

        var mediator = app.Services.GetRequiredService<IMediator>();
        // Two messages (a, b) and one claim (on d) have expired; the sweep counts both kinds.
        Assert.Equal(3, await mediator.Send(new SweepExpiredCommand(1000)));
        Assert.Equal(before, await Snapshot(api, reads));
        Assert.Equal(0, await mediator.Send(new SweepExpiredCommand(1000)));

        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{q}/messages/{a}")).Status);
        Assert.Equal([c], MessageWire.Ids((await api.Claim(q)).Messages));
        Assert.Equal([d], MessageWire.Ids((await api.Claim(other)).Messages));
    }

    private static async Task<List<(HttpStatusCode Status, string Body)>> Snapshot(Api api, string[] paths)
    {
        var replies = new List<(HttpStatusCode, string)>(paths.Length);
        foreach (var path in paths)
        {
            var reply = await api.Get(path);
            replies.Add((reply.Status, reply.Body));
        }
        return replies;
    }
}
