using System.Text.Json;
using Mediator;
using Sluice.Domain;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Streams;
using Sluice.Functions.Hosting;
using Sluice.Functions.Http;

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

    private static async Task<IResult> Get(string queue_name, string message_id, Caller caller, IMediator mediator, Limits limits, CancellationToken ct)
    {
        var life = MessageId.TryParse(message_id, out var id)
            ? await mediator.Send(new MessageHistoryQuery(caller.Tenant, new QueueName(queue_name), id), ct)
            : null;
        if (life is null) return ApiError.From(new Refusal(Rejection.MessageNotFound, message_id), limits, queue_name, caller.Tenant.Value);

        return Json.Ok((life, id), static (w, s) =>
        {
            var holders = new HashSet<ClaimId>();
            w.WriteStartObject();
            w.WriteStartArray("history");
            foreach (var logged in s.life)
            {
                w.WriteStartObject();
                Write(w, logged, s.id, holders);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>One entry: {"type", "created", ...} with the fields README "Message history" lists for its type.</summary>
    private static void Write(Utf8JsonWriter w, LoggedEvent logged, MessageId id, HashSet<ClaimId> holders)
    {
        switch (logged.Event)
        {
            case QueueEvent.MessagesPosted p:
                var posted = Array.Find(p.Messages, m => m.Id == id)!;
                Head(w, "posted", p);
                w.WriteString("queue", logged.Queue.Value);
                w.WriteString("client_id", p.ClientId);
                w.WriteNumber("ttl", posted.Ttl);
                w.WriteNumber("delay", posted.Delay);
                break;
            case QueueEvent.MessagesClaimed c:
                holders.Add(c.Claim);
                Head(w, "claimed", c);
                Claim(w, c.Claim, c.Ttl, c.Grace);
                break;
            case QueueEvent.ClaimRenewed r:
                Head(w, "renewed", r);
                Claim(w, r.Claim, r.Ttl, r.Grace);
                break;
            case QueueEvent.ClaimReleased r:
                Head(w, "released", r);
                w.WriteString("claim_id", r.Claim.ToString());
                break;
            case QueueEvent.ClaimsExpired x:
                Head(w, "claim-expired", x);
                w.WriteString("claim_id", Array.Find(x.Claims, holders.Contains).ToString());
                break;
            case QueueEvent.MessagesDeleted d:
                Head(w, "deleted", d);
                if (d.Claim is { } claim) w.WriteString("claim_id", claim.ToString());
                break;
            case QueueEvent.MessagesExpired x:
                Head(w, "expired", x);
                break;
            case QueueEvent.MessagesDeadLettered d:
                Head(w, "dead-lettered", d);
                w.WriteString("from", logged.Queue.Value);
                w.WriteString("queue", d.Target.Value);
                break;
            default:
                Head(w, EventJson.Type(logged.Event), logged.Event);
                break;
        }
    }

    private static void Head(Utf8JsonWriter w, string type, QueueEvent e)
    {
        w.WriteString("type", type);
        w.WriteString("created", MessageJson.EventTime(e.At));
    }

    private static void Claim(Utf8JsonWriter w, ClaimId claim, int ttl, int grace)
    {
        w.WriteString("claim_id", claim.ToString());
        w.WriteNumber("ttl", ttl);
        w.WriteNumber("grace", grace);
    }
}
