using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Domain;
using Sluice.Domain.Subscriptions;

namespace Sluice.Functions.Endpoints;

/// <summary>
/// The fields of a subscription POST or PATCH body, checked as Zaqar's validator does (contract §7.4); each fault is a
/// 400 "Invalid API request" with Zaqar's text. Unlike Zaqar, options are checked on every PATCH, not only on one
/// that also changes the subscriber.
/// </summary>
internal static class SubscriptionInput
{
    public static readonly string[] Fields = ["subscriber", "ttl", "options"];

    /// <summary>The given fields of <paramref name="body"/>, or the description of its first fault.</summary>
    public static SubscriptionFields Read(JsonObject body, IReadOnlyList<string> subscriberTypes, DateTimeOffset now, out string? fault)
    {
        fault = null;
        string? subscriber = null;
        if (body.TryGetPropertyValue("subscriber", out var s))
        {
            if (s is not JsonValue v || !v.TryGetValue<string>(out subscriber) || !Supported(subscriber, subscriberTypes))
            {
                fault = $"The subscriber type of subscription must be supported in the list [{string.Join(", ", subscriberTypes.Select(t => $"'{t}'"))}].";
                return Empty;
            }
        }
        int? ttl = null;
        if (body.TryGetPropertyValue("ttl", out var t) && t is not null)
        {
            if (t.GetValueKind() != JsonValueKind.Number || !t.AsValue().TryGetValue<long>(out var seconds))
            {
                fault = "TTL must be an integer.";
                return Empty;
            }
            if (seconds < Limits.MinSubscriptionTtl)
            {
                fault = $"The TTL for a subscription must be at least {Limits.MinSubscriptionTtl} seconds long.";
                return Empty;
            }
            if (seconds > int.MaxValue || seconds > (DateTimeOffset.MaxValue - now).TotalSeconds)
            {
                fault = "The TTL seconds for a subscription plus current time must be less than 9999-12-31 23:59:59.999999.";
                return Empty;
            }
            ttl = (int)seconds;
        }
        string? options = null;
        if (body.TryGetPropertyValue("options", out var o) && o is not null)
        {
            if (o is not JsonObject map)
            {
                fault = "Options must be a dict.";
                return Empty;
            }
            if (RetryPolicy.Validate(map[RetryPolicy.Key]) is { } policy)
            {
                fault = policy;
                return Empty;
            }
            options = map.ToJsonString();
        }
        return new SubscriptionFields(subscriber, ttl, options);
    }

    /// <summary>An absolute URI of an allowed scheme: http(s) with a host, mailto with an address.</summary>
    private static bool Supported(string subscriber, IReadOnlyList<string> types)
    {
        if (!Uri.TryCreate(subscriber, UriKind.Absolute, out var uri) || !types.Contains(uri.Scheme)) return false;
        return uri.Scheme == "mailto" ? uri.UserInfo.Length > 0 && uri.Host.Length > 0 : uri.Host.Length > 0;
    }

    private static readonly SubscriptionFields Empty = new(null, null, null);
}
