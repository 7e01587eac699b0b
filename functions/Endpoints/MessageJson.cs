using System.Text.Json;
using Sluice.Domain.Claims;
using Sluice.Domain.Ports;

namespace Sluice.Functions.Endpoints;

/// <summary>The message representation (contract §5): body written as the stored raw bytes.</summary>
internal static class MessageJson
{
    public static void Write(Utf8JsonWriter w, string queue, MessageView m, DateTimeOffset now)
    {
        w.WriteStartObject();
        var id = m.Id.ToString();
        w.WriteString("id", id);
        w.WriteString("href", Href(queue, id, m.Claim));
        w.WriteNumber("ttl", m.Ttl);
        w.WriteNumber("age", Age(m.Created, now));
        w.WritePropertyName("body");
        w.WriteRawValue(m.Body.Span, skipInputValidation: true);
        w.WriteEndObject();
    }

    public static void WriteList(Utf8JsonWriter w, string queue, IReadOnlyList<MessageView> messages, DateTimeOffset now)
    {
        w.WriteStartArray("messages");
        foreach (var m in messages) Write(w, queue, m, now);
        w.WriteEndArray();
    }

    /// <summary><c>?claim_id=</c> only while the claim is live (§8 item 7, "Ours").</summary>
    public static string Href(string queue, string id, ClaimId? claim) =>
        claim is { } c ? $"/v2/queues/{queue}/messages/{id}?claim_id={c}" : $"/v2/queues/{queue}/messages/{id}";

    public static long Age(DateTimeOffset created, DateTimeOffset now) => Math.Max(0, (long)(now - created).TotalSeconds);

    /// <summary>Zaqar's ISO form for created times: seconds precision, UTC, trailing Z.</summary>
    public static string Created(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Event times of the extensions (streams, history): microseconds, UTC, trailing Z, so events in one second keep their order.</summary>
    public static string EventTime(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
