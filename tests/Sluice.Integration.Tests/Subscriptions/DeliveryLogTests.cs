using Microsoft.Extensions.DependencyInjection;
using Sluice.Infra.Notifications;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Subscriptions;

/// <summary>The service with its log recorded and private networks allowed: the test's subscriber listens on loopback.</summary>
public sealed class LoggedLocalSubscribersApp : LoggedApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Notifications:AllowPrivateNetworks"] = "true",
    };
}

/// <summary>What delivery failures write to the log: no tenant decides how much, and no tenant's text goes in raw.</summary>
public sealed class DeliveryLogTests(LoggedLocalSubscribersApp app) : IClassFixture<LoggedLocalSubscribersApp>, IAsyncLifetime
{
    private WebhookReceiver _receiver = null!;

    private Notifier Notifier => app.Services.GetRequiredService<Notifier>();

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.Start();
        _receiver.Respond = (_, _) => Task.FromResult(503);
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Given_a_subscriber_that_always_fails_When_a_tenants_notifications_are_given_up_Then_one_line_a_minute_says_how_many_and_names_the_tenant_escaped()
    {
        const string tenant = "t\u001b[31m\u00e9\\";
        using var api = app.Api(tenant);
        var queue = MessageWire.NewQueue();
        await api.Subscribe(queue, _receiver.Url);
        await api.PostMessages(queue, [.. Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        await Notifier.FollowUntil(20);
        var mark = app.Log.Count;

        await GiveUp(20);
        var first = GaveUp(mark);
        await api.PostMessages(queue, "\"one more\"");
        await Notifier.FollowUntil(1);
        await GiveUp(1);
        var both = GaveUp(mark);

        var line = Assert.Single(first).Message;
        Assert.Contains("tenant t\\u001b[31m\\u00e9\\u005c ", line, StringComparison.Ordinal);
        Assert.Contains("(0 more given up", line, StringComparison.Ordinal);
        Assert.Equal(2, both.Count);
        Assert.Contains("(19 more given up", both[1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Log.Since(mark), l => l.Message.Contains('\u001b', StringComparison.Ordinal));
    }

    /// <summary>Runs deliveries, a minute apart on the service's clock, until <paramref name="count"/> were given up.</summary>
    private async Task GiveUp(int count)
    {
        var givenUp = 0;
        for (var run = 0; givenUp < count; run++)
        {
            Assert.True(run < 40, $"{givenUp} of {count} given up after {run} runs");
            givenUp += (await Notifier.Run(default)).GivenUp;
            app.Clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    private List<LogLine> GaveUp(long mark) => [.. app.Log.Since(mark).Where(l => l.Message.StartsWith("Gave up notifying", StringComparison.Ordinal))];
}
