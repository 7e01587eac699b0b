using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Queues;

/// <summary>Contract §4.6 and §8 item 4: GET /v2/queues/{q}/stats.</summary>
public sealed class QueueStatsTests(SluiceApp app) : IClassFixture<SluiceApp>
{
    private static void AssertCounts(JsonObject stats, int claimed, int free, int total)
    {
        Assert.Equal(claimed, stats["claimed"]!.GetValue<int>());
        Assert.Equal(free, stats["free"]!.GetValue<int>());
        Assert.Equal(total, stats["total"]!.GetValue<int>());
    }

    private static void AssertNoOldestOrNewest(JsonObject stats)
    {
        Assert.False(stats.ContainsKey("oldest"));
        Assert.False(stats.ContainsKey("newest"));
    }

    [Fact]
    public async Task Given_missing_queue_When_stats_Then_200_zeros_without_oldest_and_newest_and_no_queue()
    {
        using var api = app.Api();
        var reply = await api.Get("/v2/queues/ghost/stats");
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal("application/json", reply.MediaType());
        var stats = reply.Json!["messages"]!.AsObject();
        AssertCounts(stats, 0, 0, 0);
        AssertNoOldestOrNewest(stats);
        Assert.Empty(await api.QueueNames());
    }

    [Fact]
    public async Task Given_empty_queue_When_stats_Then_zeros_without_oldest_and_newest()
    {
        using var api = app.Api();
        await api.CreateQueue("empty");
        var stats = await api.Stats("empty");
        AssertCounts(stats, 0, 0, 0);
        AssertNoOldestOrNewest(stats);
    }

    [Fact]
    public async Task Given_three_messages_two_claimed_When_stats_Then_claimed_2_free_1_total_3()
    {
        using var api = app.Api();
        var ids = await api.PostMessages("work", "1", "2", "3");
        var (claimId, claimed) = await api.Claim("work", limit: 2);
        Assert.NotNull(claimId);
        Assert.Equal(2, claimed.Count);
        var stats = await api.Stats("work");
        AssertCounts(stats, 2, 1, 3);
        Assert.Equal($"/v2/queues/work/messages/{ids[0]}", stats["oldest"]!["href"]!.GetValue<string>());
        Assert.Equal($"/v2/queues/work/messages/{ids[2]}", stats["newest"]!["href"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_messages_aged_12_seconds_When_stats_Then_oldest_and_newest_carry_age_and_created()
    {
        using var api = app.Api();
        var before = app.Clock.GetUtcNow();
        await api.PostMessages("aged", "\"a\"");
        app.Clock.Advance(TimeSpan.FromSeconds(12));
        var ids = await api.PostMessages("aged", "\"b\"");
        var stats = await api.Stats("aged");
        var oldest = stats["oldest"]!;
        var newest = stats["newest"]!;
        Assert.Equal(12, oldest["age"]!.GetValue<int>());
        Assert.Equal(0, newest["age"]!.GetValue<int>());
        Assert.Equal($"/v2/queues/aged/messages/{ids[0]}", newest["href"]!.GetValue<string>());
        var created = oldest["created"]!.GetValue<string>();
        Assert.Matches(new Regex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$"), created);
        Assert.True(Math.Abs((DateTimeOffset.Parse(created, System.Globalization.CultureInfo.InvariantCulture) - before).TotalSeconds) < 2, created);
    }

    [Fact]
    public async Task Given_delayed_messages_When_stats_Then_they_count_as_free()
    {
        using var api = app.Api();
        await api.CreateQueue("delayed", "{\"_default_message_delay\":300}");
        await api.PostMessages("delayed", "1", "2");
        var (claimId, _) = await api.Claim("delayed");
        Assert.Null(claimId);
        var stats = await api.Stats("delayed");
        AssertCounts(stats, 0, 2, 2);
        Assert.True(stats.ContainsKey("oldest"));
        Assert.True(stats.ContainsKey("newest"));
    }

    [Fact]
    public async Task Given_messages_past_their_ttl_When_stats_Then_they_are_not_counted()
    {
        using var api = app.Api();
        var posted = await api.Post("/v2/queues/expiring/messages", """{"messages":[{"body":1,"ttl":60},{"body":2,"ttl":60}]}""");
        Assert.Equal(HttpStatusCode.Created, posted.Status);
        await api.PostMessages("expiring", "3");
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var stats = await api.Stats("expiring");
        AssertCounts(stats, 0, 1, 1);
        Assert.Equal(stats["oldest"]!["href"]!.GetValue<string>(), stats["newest"]!["href"]!.GetValue<string>());
    }

    [Fact]
    public async Task Given_only_expired_messages_When_stats_Then_zeros_without_oldest_and_newest()
    {
        using var api = app.Api();
        var posted = await api.Post("/v2/queues/gone/messages", """{"messages":[{"body":1,"ttl":60}]}""");
        Assert.Equal(HttpStatusCode.Created, posted.Status);
        app.Clock.Advance(TimeSpan.FromSeconds(61));
        var stats = await api.Stats("gone");
        AssertCounts(stats, 0, 0, 0);
        AssertNoOldestOrNewest(stats);
    }

    [Fact]
    public async Task Given_claim_released_When_stats_Then_messages_free_again()
    {
        using var api = app.Api();
        await api.PostMessages("released", "1", "2");
        var (claimId, _) = await api.Claim("released");
        AssertCounts(await api.Stats("released"), 2, 0, 2);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/released/claims/{claimId}")).Status);
        AssertCounts(await api.Stats("released"), 0, 2, 2);
    }

    [Fact]
    public async Task Given_queue_in_another_project_When_stats_Then_zeros()
    {
        using var owner = app.Api();
        using var other = app.Api();
        await owner.PostMessages("shared-name", "1");
        AssertCounts(await other.Stats("shared-name"), 0, 0, 0);
    }
}
