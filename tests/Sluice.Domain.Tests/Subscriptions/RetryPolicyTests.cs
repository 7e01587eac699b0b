using System.Text.Json.Nodes;
using Sluice.Domain.Subscriptions;

namespace Sluice.Domain.Tests.Subscriptions;

/// <summary>The retry schedule of Zaqar's webhook task (contract §2, §7.4).</summary>
public sealed class RetryPolicyTests
{
    private static int?[] Schedule(RetryPolicy policy) =>
        [.. Enumerable.Range(1, 30).Select(r => policy.DelayBefore(r) is { } d ? (int?)d.TotalSeconds : null).TakeWhile(d => d is not null)];

    [Fact]
    public void Given_the_defaults_Then_3_immediate_3_at_5s_backoff_5_to_25_3_at_30s_then_given_up()
    {
        Assert.Equal([0, 0, 0, 5, 5, 5, 5, 10, 15, 20, 25, 30, 30, 30], Schedule(RetryPolicy.Default));
        Assert.Null(RetryPolicy.Default.DelayBefore(15));
    }

    [Theory]
    [InlineData("linear", new[] { 10, 15, 20, 25, 30, 35 })]
    [InlineData("arithmetic", new[] { 10, 12, 16, 22, 30, 40 })]
    [InlineData("geometric", new[] { 10, 13, 17, 22, 30, 39 })]
    [InlineData("exponential", new[] { 10, 13, 17, 22, 30, 39 })]
    // The series are what Zaqar's formulas give, its integer truncation included (so 39, not 40).
    public void Given_a_backoff_function_Then_the_series_runs_from_the_minimum_towards_the_maximum(string function, int[] series)
    {
        var policy = RetryPolicy.Default with { MinimumDelay = 10, MaximumDelay = 40, BackoffFunction = function };
        Assert.Equal(series, policy.Backoff());
    }

    [Fact]
    public void Given_both_policies_Then_the_subscription_wins_unless_either_says_ignore_subscription_override()
    {
        var subscription = JsonNode.Parse("{\"retries_with_no_delay\":1}");
        var queue = JsonNode.Parse("{\"retries_with_no_delay\":2}");
        Assert.Equal(1, RetryPolicy.Effective(subscription, queue).RetriesWithNoDelay);
        Assert.Equal(2, RetryPolicy.Effective(null, queue).RetriesWithNoDelay);
        Assert.Equal(2, RetryPolicy.Effective(JsonNode.Parse("{}"), queue).RetriesWithNoDelay);
        Assert.Equal(2, RetryPolicy.Effective(JsonNode.Parse("{\"retries_with_no_delay\":1,\"ignore_subscription_override\":true}"), queue).RetriesWithNoDelay);
        Assert.Equal(2, RetryPolicy.Effective(subscription, JsonNode.Parse("{\"retries_with_no_delay\":2,\"ignore_subscription_override\":true}")).RetriesWithNoDelay);
        Assert.Equal(RetryPolicy.Default, RetryPolicy.Effective(null, null));
        Assert.Equal(3, RetryPolicy.Effective(JsonNode.Parse("{\"minimum_delay\":1,\"maximum_delay\":11}"), null).RetriesWithNoDelay);
    }

    [Theory]
    [InlineData("{\"minimum_delay\":1,\"maximum_delay\":11,\"retry_backoff_function\":\"geometric\",\"ignore_subscription_override\":true}", null)]
    [InlineData("{}", null)]
    [InlineData("null", null)]
    [InlineData("[1]", "retry_policy must be a dict.")]
    [InlineData("{\"retries_with_no_delay\":\"3\"}", "Retry policy: retries_with_no_delay must be a integer.")]
    [InlineData("{\"minimum_delay\":1.5}", "Retry policy: minimum_delay must be a integer.")]
    [InlineData("{\"retry_backoff_function\":3}", "retry_backoff_function must be a string.")]
    [InlineData("{\"retry_backoff_function\":\"cubic\"}", "invalid retry_backoff_function.")]
    [InlineData("{\"ignore_subscription_override\":\"yes\"}", "ignore_subscription_override must be a boolean.")]
    [InlineData("{\"minimum_delay\":40}", "minimum_delay must less than maximum_delay.")]
    [InlineData("{\"minimum_delay\":25}", "invalid minimum_delay and maximum_delay.")]
    public void Given_a_policy_When_validated_Then_Zaqar_faults_are_named(string json, string? fault) =>
        Assert.Equal(fault, RetryPolicy.Validate(JsonNode.Parse(json)));
}
