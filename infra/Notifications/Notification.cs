using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Domain.Subscriptions;

namespace Sluice.Infra.Notifications;

/// <summary>One leased notification: a posted message for one subscriber, with what its delivery needs.</summary>
public sealed record Notification(
    string Tenant, string Queue, Guid Subscription, Guid Message, int Attempts, string Subscriber, JsonObject Options,
    RetryPolicy Policy, int Ttl, int Delay, byte[] Body)
{
    /// <summary>
    /// The JSON sent (contract §7.4): the posted message (body, ttl, delay when not 0) with queue_name and
    /// Message_Type, plus message_id, so a receiver can drop the repeats at-least-once delivery allows. The body is
    /// written as the client sent it (DESIGN §6).
    /// </summary>
    public byte[] Payload()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(Body.Length + 160);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("body");
            w.WriteRawValue(Body, skipInputValidation: true);
            w.WriteNumber("ttl", Ttl);
            if (Delay > 0) w.WriteNumber("delay", Delay);
            w.WriteString("queue_name", Queue);
            w.WriteString("Message_Type", "Notification");
            w.WriteString("message_id", Message.ToString("D"));
            w.WriteEndObject();
        }
        var json = buffer.WrittenSpan.ToArray();
        // options.post_data: a template whose literal "$zaqar_message$" (quotes included) becomes the JSON.
        if (Options["post_data"] is JsonValue v && v.TryGetValue<string>(out var template))
        {
            return Encoding.UTF8.GetBytes(template.Replace("\"$zaqar_message$\"", Encoding.UTF8.GetString(json), StringComparison.Ordinal));
        }
        return json;
    }
}
