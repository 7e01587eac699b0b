using Microsoft.Extensions.DependencyInjection;
using Sluice.Infra.Notifications;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Subscriptions;

/// <summary>
/// A dispatcher with long request timeouts, so a silent subscriber holds its slots until the test lets go; private
/// networks allowed, for the subscribers on loopback.
/// </summary>
public sealed class PatientNotifierApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Notifications:RequestTimeoutSeconds"] = "60",
        ["Sluice:Notifications:AllowPrivateNetworks"] = "true",
    };
}

/// <summary>One tenant's silent subscriber takes at most its share of the dispatcher; the others' deliveries go on.</summary>
public sealed class FairnessTests(PatientNotifierApp app) : IClassFixture<PatientNotifierApp>
{
    [Fact]
    public async Task A_silent_subscriber_of_one_tenant_holds_at_most_its_share_while_another_tenant_is_served()
    {
        await using var silent = await WebhookReceiver.Start();
        await using var healthy = await WebhookReceiver.Start();
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        int waiting = 0, mostWaiting = 0;
        silent.Respond = async (_, aborted) =>
        {
            var now = Interlocked.Increment(ref waiting);
            InterlockedMax(ref mostWaiting, now);
            try
            {
                return await release.Task.WaitAsync(aborted);
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
            }
        };
        using var hog = app.Api();
        using var other = app.Api();
        var (hogQueue, otherQueue) = (MessageWire.NewQueue(), MessageWire.NewQueue());
        await hog.Subscribe(hogQueue, silent.Url);
        await other.Subscribe(otherQueue, healthy.Url);
        var notifier = app.Services.GetRequiredService<Notifier>();
        // The silent tenant's notifications are due first: without a share per tenant they would fill every slot.
        var hogIds = await hog.PostMessages(hogQueue, [.. Enumerable.Range(0, 20).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        await notifier.FollowUntil(20);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        var otherIds = await other.PostMessages(otherQueue, "1", "2", "3");
        await notifier.FollowUntil(3);

        var run = notifier.Run(default);
        await healthy.WaitFor(r => r.Count == 3);

        Assert.Empty(silent.Received); // nothing of the silent tenant has ended: the healthy one did not wait on it
        release.SetResult(200);
        var result = await run;
        Assert.Equal(23, result.Delivered);
        Assert.Equal(hogIds.Length, silent.Received.Count);
        Assert.InRange(mostWaiting, 1, 8); // the per-tenant share (Sluice:Notifications:PerTenantParallelism)
        Assert.Equal(otherIds.Length, healthy.Received.Count);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen) return;
        }
    }
}
