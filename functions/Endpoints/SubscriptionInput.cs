using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Domain;
using Sluice.Domain.Subscriptions;
using Sluice.Infra;
using Sluice.Infra.Notifications;

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
    public static SubscriptionFields Read(JsonObject body, NotificationOptions notifications, DateTimeOffset now, out string? fault)
    {
        fault = null;
        string? subscriber = null;
        // A null field is an absent one, as in Zaqar: `openstack messaging subscription update --ttl N` sends
        // "subscriber": null.
        if (body.TryGetPropertyValue("subscriber", out var s) && s is not null)
        {
            var types = notifications.SubscriberTypes;
            if (s is not JsonValue v || !v.TryGetValue<string>(out subscriber) || !Supported(subscriber, types))
            {
                fault = $"The subscriber type of subscription must be supported in the list [{string.Join(", ", types.Select(t => $"'{t}'"))}].";
                return Empty;
            }
            // Delivery would refuse it for good; saying so now beats a subscription that silently never fires.
            if (!notifications.AllowPrivateNetworks && WebhookSender.NamesNonPublicAddress(subscriber))
            {
                fault = "The subscriber must not be a loopback, private, link-local or other non-public address.";
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
            fault = RetryPolicy.Validate(map[RetryPolicy.Key]) ?? Options(map);
            if (fault is not null) return Empty;
            options = map.ToJsonString();
        }
        return new SubscriptionFields(subscriber, ttl, options);
    }

    /// <summary>
    /// An absolute URI of an allowed scheme and at most <see cref="MaxSubscriberLength"/> characters (it is a unique
    /// key): http(s) with a host, mailto with an address a mail can go to.
    /// </summary>
    private static bool Supported(string subscriber, IReadOnlyList<string> types)
    {
        if (subscriber.Length > MaxSubscriberLength || !Uri.TryCreate(subscriber, UriKind.Absolute, out var uri) || !types.Contains(uri.Scheme)) return false;
        if (uri.Scheme != "mailto") return uri.Host.Length > 0;
        return uri.UserInfo.Length > 0 && uri.Host.Length > 0
            && MimeKit.MailboxAddress.TryParse(Uri.UnescapeDataString(uri.UserInfo) + "@" + uri.Host, out _);
    }

    /// <summary>The options Sluice reads must be usable: headers it may send, a string template, mail addresses.</summary>
    private static string? Options(JsonObject options)
    {
        if (options["post_headers"] is { } headers)
        {
            if (headers is not JsonObject map) return "post_headers must be a dict.";
            foreach (var (name, value) in map)
            {
                if (value is not JsonValue v || !v.TryGetValue<string>(out var text) || !PostHeaders.IsAllowed(name, text))
                {
                    return $"post_headers may not set {name}: a header name must be a token other than Host, Content-Length, Transfer-Encoding, Connection, Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade or Expect, and its value a string without control characters.";
                }
            }
        }
        if (options["post_data"] is { } data && data.GetValueKind() != JsonValueKind.String) return "post_data must be a string.";
        if (options["from"] is { } from && (from.GetValueKind() != JsonValueKind.String || !MimeKit.MailboxAddress.TryParse(from.GetValue<string>(), out _)))
        {
            return "from must be a mail address.";
        }
        if (options["subject"] is { } subject && subject.GetValueKind() != JsonValueKind.String) return "subject must be a string.";
        return null;
    }

    public const int MaxSubscriberLength = 2048;

    private static readonly SubscriptionFields Empty = new(null, null, null);
}
