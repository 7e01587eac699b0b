using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Domain.Queues;

namespace Sluice.Domain.Subscriptions;

/// <summary>
/// How a failed notification is retried (contract §7.4, Zaqar's webhook task): a number of immediate retries, then
/// retries at the minimum delay, then a backoff series from the minimum towards the maximum delay in steps of
/// <see cref="Step"/>, then retries at the maximum delay. After that the notification is given up.
/// </summary>
public sealed record RetryPolicy(
    int RetriesWithNoDelay, int MinimumDelayRetries, int MinimumDelay, int MaximumDelay, int MaximumDelayRetries,
    string BackoffFunction, bool IgnoreSubscriptionOverride)
{
    public const string Key = "_retry_policy";

    /// <summary>Zaqar's LINEAR_INTERVAL: the backoff step, and half the least spread allowed between the delays.</summary>
    public const int Step = 5;

    public static readonly RetryPolicy Default = new(3, 3, 5, 30, 3, "linear", false);

    private static readonly string[] Functions = ["linear", "arithmetic", "geometric", "exponential"];

    /// <summary>
    /// The delay before retry number <paramref name="retry"/> (1 is the first retry after the first attempt), or
    /// null when the policy is spent.
    /// </summary>
    public TimeSpan? DelayBefore(int retry)
    {
        var n = retry - 1;
        if (n < 0) return TimeSpan.Zero;
        if (n < RetriesWithNoDelay) return TimeSpan.Zero;
        n -= RetriesWithNoDelay;
        if (n < MinimumDelayRetries) return TimeSpan.FromSeconds(MinimumDelay);
        n -= MinimumDelayRetries;
        var backoff = Backoff();
        if (n < backoff.Length) return TimeSpan.FromSeconds(backoff[n]);
        n -= backoff.Length;
        if (n < MaximumDelayRetries) return TimeSpan.FromSeconds(MaximumDelay);
        return null;
    }

    /// <summary>The backoff series, as Zaqar computes it; the first term is the minimum delay.</summary>
    public int[] Backoff()
    {
        var (min, max) = (MinimumDelay, MaximumDelay);
        var count = (max - min) / Step;
        if (BackoffFunction == "linear")
        {
            var linear = new int[Math.Max(0, (max - min + Step - 1) / Step)];
            for (var i = 0; i < linear.Length; i++) linear[i] = min + (i * Step);
            return linear;
        }
        if (count < 2) return [min];
        var series = new int[count];
        if (BackoffFunction == "arithmetic")
        {
            var d = 2.0 * (max - min) / (count * (count - 1));
            for (var a = 1; a <= count; a++) series[a - 1] = (int)(min + ((a - 1) * a * d / 2));
            return series;
        }
        // geometric and exponential are the same series, min * k^(a-1) reaching max at the last term. Zaqar divides by
        // a minimum of 0 here; ours starts the series at 1 s instead.
        var start = Math.Max(min, 1);
        var k = Math.Pow((double)max / start, 1.0 / (count - 1));
        for (var a = 1; a <= count; a++) series[a - 1] = (int)(start * Math.Pow(k, a - 1));
        return series;
    }

    /// <summary>
    /// The policy that applies: the subscription's unless either sets <c>ignore_subscription_override</c>, then the
    /// queue's; Zaqar's defaults for what neither sets.
    /// </summary>
    public static RetryPolicy Effective(JsonNode? subscription, JsonNode? queue)
    {
        var (s, q) = (subscription as JsonObject, queue as JsonObject);
        var ignore = Truthy(s?["ignore_subscription_override"]) || Truthy(q?["ignore_subscription_override"]);
        var chosen = ignore ? q : (s is { Count: > 0 } ? s : q);
        return chosen is null ? Default : From(chosen);
    }

    private static RetryPolicy From(JsonObject o) => new(
        Int(o, "retries_with_no_delay", Default.RetriesWithNoDelay),
        Int(o, "minimum_delay_retries", Default.MinimumDelayRetries),
        Int(o, "minimum_delay", Default.MinimumDelay),
        Int(o, "maximum_delay", Default.MaximumDelay),
        Int(o, "maximum_delay_retries", Default.MaximumDelayRetries),
        o["retry_backoff_function"] is JsonValue f && f.TryGetValue<string>(out var name) && Array.IndexOf(Functions, name) >= 0 ? name : "linear",
        Truthy(o["ignore_subscription_override"]));

    /// <summary>
    /// Checks a <c>_retry_policy</c> value as Zaqar does on queue PUT/PATCH and on subscriptions: an object whose
    /// counts and delays are integers, a known backoff function, a boolean override, and maximum − minimum delay of at
    /// least twice the step. Falsy values skip the type checks. Returns the description of the first fault, or null.
    /// </summary>
    public static string? Validate(JsonNode? value)
    {
        if (value is null) return null;
        if (value is not JsonObject policy) return QueueMetadata.IsFalsy(value) ? null : "retry_policy must be a dict.";
        if (policy.Count == 0) return null;
        foreach (var key in (string[])["retries_with_no_delay", "minimum_delay_retries", "minimum_delay", "maximum_delay", "maximum_delay_retries"])
        {
            var v = policy[key];
            if (!QueueMetadata.IsFalsy(v) && !IsInt(v)) return $"Retry policy: {key} must be a integer.";
        }
        var function = policy["retry_backoff_function"];
        if (!QueueMetadata.IsFalsy(function))
        {
            if (function!.GetValueKind() != JsonValueKind.String) return "retry_backoff_function must be a string.";
            if (Array.IndexOf(Functions, function.GetValue<string>()) < 0) return "invalid retry_backoff_function.";
        }
        var ignore = policy["ignore_subscription_override"];
        if (!QueueMetadata.IsFalsy(ignore) && ignore!.GetValueKind() != JsonValueKind.True) return "ignore_subscription_override must be a boolean.";
        var min = Int(policy, "minimum_delay", Default.MinimumDelay);
        var max = Int(policy, "maximum_delay", Default.MaximumDelay);
        if (max < min) return "minimum_delay must less than maximum_delay.";
        if (max - min < 2 * Step) return "invalid minimum_delay and maximum_delay.";
        return null;
    }

    private static int Int(JsonObject o, string key, int fallback) =>
        o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<int>(out var n) ? Math.Max(0, n) : fallback;

    private static bool IsInt(JsonNode? v) => v is JsonValue j && j.GetValueKind() == JsonValueKind.Number && j.TryGetValue<int>(out _);

    private static bool Truthy(JsonNode? v) => v is not null && v.GetValueKind() == JsonValueKind.True;
}
