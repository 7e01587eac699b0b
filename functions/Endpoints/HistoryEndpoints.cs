using System.Text.Json;
using Sluice.Domain;
using Sluice.Domain.Messages;
using Sluice.Functions.Hosting;
using Sluice.Functions.Http;
using Sluice.Infra.Postgres;

namespace Sluice.Functions.Endpoints;

/// <summary>
/// Message history (an extension): the life of one message from its events, oldest first, for as long as the events
/// are kept, also after the message is gone.
/// </summary>
internal static class HistoryEndpoints
{
    public static void MapHistory(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/v2/queues/{queue_name}/messages/{message_id}/history", Get)
            .WithMetadata(new RouteKind(Versioned: true), new HttpFunction("history", "v2/queues/{queue_name}/messages/{message_id}/history"));

    private static async Task<IResult> Get(string queue_name, string message_id, Caller caller, MessageHistory history, Limits limits, CancellationToken ct)
    {
        var events = MessageId.TryParse(message_id, out var id) ? await history.Read(caller.Tenant.Value, id.Value, ct) : [];
        // The message must have lived in this queue: posted to it, or moved into it as a dead letter.
        var lived = events.Any(e => e.Type == "message-posted.v1" && e.Queue == queue_name)
                    || events.Any(e => e.Type == "messages-dead-lettered.v1" && Target(e) == queue_name);
        if (!lived) return ApiError.From(new Refusal(Rejection.MessageNotFound, message_id), limits, queue_name, caller.Tenant.Value);

        var holders = new HashSet<string>(StringComparer.Ordinal);
        return Json.Ok((events, holders), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("history");
            foreach (var e in s.events)
            {
                using var data = JsonDocument.Parse(e.Data);
                var d = data.RootElement;
                w.WriteStartObject();
                switch (e.Type)
                {
                    case "message-posted.v1":
                        Head(w, "posted", e);
                        w.WriteString("queue", e.Queue);
                        Copy(w, d, "client_id", "client_id");
                        Copy(w, d, "ttl", "ttl");
                        Copy(w, d, "delay", "delay");
                        break;
                    case "messages-claimed.v1":
                        s.holders.Add(d.GetProperty("claim").GetString()!);
                        Head(w, "claimed", e);
                        Claim(w, d);
                        break;
                    case "claim-renewed.v1":
                        Head(w, "renewed", e);
                        Claim(w, d);
                        break;
                    case "claim-released.v1":
                        Head(w, "released", e);
                        Claim(w, d);
                        break;
                    case "claims-expired.v1":
                        Head(w, "claim-expired", e);
                        w.WriteString("claim_id", d.GetProperty("claims").EnumerateArray().Select(c => c.GetString() ?? "").FirstOrDefault(s.holders.Contains));
                        break;
                    case "messages-deleted.v1":
                        Head(w, "deleted", e);
                        if (d.TryGetProperty("claim", out var claim) && claim.ValueKind == JsonValueKind.String) w.WriteString("claim_id", claim.GetString());
                        break;
                    case "messages-expired.v1":
                        Head(w, "expired", e);
                        break;
                    case "messages-dead-lettered.v1":
                        Head(w, "dead-lettered", e);
                        w.WriteString("from", e.Queue);
                        w.WriteString("queue", d.GetProperty("target").GetString());
                        break;
                    default:
                        Head(w, e.Type, e);
                        break;
                }
                w.WriteEndObject();
                // Deleted or expired ends the message: later events of its claims are not its own.
                if (e.Type is "messages-deleted.v1" or "messages-expired.v1") break;
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static string? Target(HistoryEvent e)
    {
        using var data = JsonDocument.Parse(e.Data);
        return data.RootElement.GetProperty("target").GetString();
    }

    private static void Head(Utf8JsonWriter w, string type, HistoryEvent e)
    {
        w.WriteString("type", type);
        w.WriteString("created", MessageJson.EventTime(e.Created));
    }

    private static void Claim(Utf8JsonWriter w, JsonElement d)
    {
        Copy(w, d, "claim", "claim_id");
        Copy(w, d, "ttl", "ttl");
        Copy(w, d, "grace", "grace");
    }

    private static void Copy(Utf8JsonWriter w, JsonElement d, string from, string to)
    {
        if (!d.TryGetProperty(from, out var value)) return;
        w.WritePropertyName(to);
        value.WriteTo(w);
    }
}
