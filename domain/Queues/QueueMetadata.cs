using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Domain.Queues;

/// <summary>
/// A queue's metadata: a JSON object of free keys plus the reserved keys of contract §7.1. Immutable: the raw
/// JSON is kept and a fresh node is handed out on every read.
/// </summary>
public sealed record QueueMetadata
{
    public const string MaxPostSizeKey = "_max_messages_post_size";
    public const string DefaultTtlKey = "_default_message_ttl";
    public const string DefaultDelayKey = "_default_message_delay";
    public const string DeadLetterQueueKey = "_dead_letter_queue";
    public const string DeadLetterTtlKey = "_dead_letter_queue_messages_ttl";
    public const string MaxClaimCountKey = "_max_claim_count";
    public const string EncryptKey = "_enable_encrypt_messages";

    public static readonly QueueMetadata Empty = new("{}");

    public static readonly string[] ReservedKeys =
        [MaxPostSizeKey, DefaultTtlKey, DefaultDelayKey, DeadLetterQueueKey, DeadLetterTtlKey, MaxClaimCountKey, EncryptKey];

    private QueueMetadata(string json) => Json = json;

    public string Json { get; }

    public static QueueMetadata From(JsonObject metadata) => new(metadata.ToJsonString());

    /// <summary>Trusted JSON read back from the store.</summary>
    public static QueueMetadata FromStored(string json) => new(json);

    public JsonObject ToObject() => (JsonObject)JsonNode.Parse(Json)!;

    public static bool IsReserved(string key) => Array.IndexOf(ReservedKeys, key) >= 0;

    /// <summary>Validates the reserved keys (§7.1). Falsy values skip the type check; null skips the range check.</summary>
    public static Refusal? Validate(JsonObject metadata, Limits limits)
    {
        foreach (var (key, value) in metadata)
        {
            var ok = key switch
            {
                MaxPostSizeKey => IntInRange(value, 1, limits.MaxMessagesPostSize),
                DefaultTtlKey => IntInRange(value, Limits.MinMessageTtl, limits.MaxMessageTtl),
                DefaultDelayKey => IntInRange(value, 0, limits.MaxMessageDelay),
                DeadLetterTtlKey => IntInRange(value, Limits.MinMessageTtl, limits.MaxMessageTtl),
                MaxClaimCountKey => IntInRange(value, long.MinValue, long.MaxValue),
                DeadLetterQueueKey => IsFalsyNonNumber(value) || (value is JsonValue v && v.TryGetValue<string>(out var s) && QueueName.IsValid(s)),
                EncryptKey => IsFalsyNonNumber(value) || value!.GetValueKind() is JsonValueKind.True,
                Subscriptions.RetryPolicy.Key => Subscriptions.RetryPolicy.Validate(value) is null,
                _ => true,
            };
            if (!ok) return new Refusal(Rejection.MetadataInvalid, key);
        }
        return null;
    }

    // Metadata is immutable and limits are fixed per process: the settings are computed once per instance, not per
    // post. One reference, so a reader never sees settings paired with other limits.
    private SettingsFor? _settings;

    public QueueSettings Settings(Limits limits)
    {
        if (_settings is { } known && ReferenceEquals(known.Limits, limits)) return known.Settings;
        var settings = ComputeSettings(limits);
        _settings = new SettingsFor(limits, settings);
        return settings;
    }

    /// <summary>Two metadata are equal when their JSON is; the memo is not part of the value.</summary>
    public bool Equals(QueueMetadata? other) => other is not null && string.Equals(Json, other.Json, StringComparison.Ordinal);

    public override int GetHashCode() => Json.GetHashCode(StringComparison.Ordinal);

    private sealed record SettingsFor(Limits Limits, QueueSettings Settings);

    private QueueSettings ComputeSettings(Limits limits)
    {
        var o = ToObject();
        var maxPost = TruthyInt(o, MaxPostSizeKey);
        return new QueueSettings(
            MaxPostSize: maxPost is { } m ? (int)Math.Min(m, limits.MaxMessagesPostSize) : limits.MaxMessagesPostSize,
            DefaultTtl: (int?)TruthyInt(o, DefaultTtlKey) ?? limits.DefaultMessageTtl,
            DefaultDelay: (int?)TruthyInt(o, DefaultDelayKey),
            DeadLetterQueue: o[DeadLetterQueueKey] is JsonValue v && v.TryGetValue<string>(out var s) && QueueName.IsValid(s) ? new QueueName(s) : null,
            DeadLetterTtl: (int?)TruthyInt(o, DeadLetterTtlKey),
            // Present counts, 0 included: "<= 0 with a DLQ moves every message on its first claim attempt" (§7.1).
            MaxClaimCount: o[MaxClaimCountKey] is JsonValue c && TryLong(c, out var count) ? count : null);
    }

    /// <summary>The representation of GET/PATCH: stored keys, reserved ones filled with defaults when absent or falsy (§4).</summary>
    public JsonObject WithDefaults(Limits limits)
    {
        var o = ToObject();
        Fill(o, MaxPostSizeKey, limits.MaxMessagesPostSize);
        Fill(o, DefaultTtlKey, limits.DefaultMessageTtl);
        Fill(o, DefaultDelayKey, limits.DefaultMessageDelay);
        Fill(o, DeadLetterQueueKey, null);
        Fill(o, DeadLetterTtlKey, null);
        Fill(o, MaxClaimCountKey, null);
        Fill(o, EncryptKey, false);
        return o;
    }

    private static void Fill(JsonObject o, string key, JsonNode? fallback)
    {
        if (IsFalsy(o[key])) o[key] = fallback;
    }

    private static long? TruthyInt(JsonObject o, string key) =>
        o[key] is JsonValue v && TryLong(v, out var n) && n != 0 ? n : null;

    /// <summary>A JSON integer, however the node was made (parsed, or built from an int or long in code).</summary>
    private static bool TryLong(JsonValue value, out long n)
    {
        n = 0;
        return value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out n);
    }

    private static bool IntInRange(JsonNode? value, long min, long max)
    {
        if (value is null) return true;
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return TryLong(value.AsValue(), out var n) && n >= min && n <= max;
        }
        return IsFalsyNonNumber(value);
    }

    private static bool IsFalsyNonNumber(JsonNode? value) => value is null || value.GetValueKind() switch
    {
        JsonValueKind.False or JsonValueKind.Null => true,
        JsonValueKind.String => value.GetValue<string>().Length == 0,
        JsonValueKind.Array => value.AsArray().Count == 0,
        JsonValueKind.Object => value.AsObject().Count == 0,
        _ => false,
    };

    public static bool IsFalsy(JsonNode? value) =>
        IsFalsyNonNumber(value) || (value!.GetValueKind() == JsonValueKind.Number && value.AsValue().TryGetValue<double>(out var d) && d == 0);
}
