using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Sluice.Domain;
using Sluice.Domain.Queues;
using Sluice.Domain.Subscriptions;
using Sluice.Functions.Hosting;
using Sluice.Functions.Http;
using Sluice.Infra;

namespace Sluice.Functions.Endpoints;

/// <summary>Push subscriptions (contract §7.4). Delivery is the notification follower's work (README "Push subscriptions").</summary>
internal static class SubscriptionsEndpoints
{
    public static RouteGroupBuilder MapSubscriptions(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2/queues/{queue_name}/subscriptions").WithMetadata(new RouteKind(Versioned: true),
            new HttpFunction("subscriptions", "v2/queues/{queue_name}/subscriptions/{subscription_id?}"));
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{subscription_id}", Get);
        group.MapPatch("/{subscription_id}", Update);
        group.MapDelete("/{subscription_id}", Delete);
        group.MapPut("/{subscription_id}/confirm", Confirm)
            .WithMetadata(new HttpFunction("subscription-confirm", "v2/queues/{queue_name}/subscriptions/{subscription_id}/confirm"));
        return group;
    }

    private static async Task<IResult> Create(
        string queue_name, HttpRequest request, Caller caller, IMediator mediator, Limits limits, NotificationOptions notifications, TimeProvider clock, CancellationToken ct)
    {
        var (body, error) = await ReadObject(request, limits, ct);
        if (error is not null) return error;
        // Absent or null alike (SubscriptionInput).
        if (body!["subscriber"] is null) return ApiError.Api("Missing parameter subscriber in body.");
        var fields = SubscriptionInput.Read(body, notifications, clock.GetUtcNow(), out var fault);
        if (fault is not null) return ApiError.Api(fault);
        var command = new CreateSubscriptionCommand(
            caller.Tenant, new QueueName(queue_name), fields.Subscriber!, fields.Ttl ?? limits.DefaultSubscriptionTtl, fields.Options ?? "{}");
        var outcome = await mediator.Send(command, ct);
        var location = $"/v2/queues/{queue_name}/subscriptions";
        if (outcome.Refused is { } refusal) return new Located(location, ApiError.From(refusal, limits, queue_name, caller.Tenant.Value));
        return new Located(location, Json.Status(StatusCodes.Status201Created, outcome.Value.ToString(), static (w, id) =>
        {
            w.WriteStartObject();
            w.WriteString("subscription_id", id);
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> List(string queue_name, HttpRequest request, Caller caller, IMediator mediator, Limits limits, TimeProvider clock, CancellationToken ct)
    {
        if (!request.TryLimit("limit", limits.DefaultPageSize, limits.MaxSubscriptionsPerPage, out var limit, out var error)) return error!;
        // An unknown marker restarts from the beginning (§1.7).
        SubscriptionId? after = SubscriptionId.TryParse(request.String("marker"), out var marker) ? marker : null;
        var page = await mediator.Send(new ListSubscriptionsQuery(caller.Tenant, new QueueName(queue_name), after, limit), ct);
        var next = page.Count > 0 ? Paging.Next(request, page[^1].Id.ToString()) : null;
        return Json.Ok((page, queue_name, next, now: clock.GetUtcNow()), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("subscriptions");
            foreach (var subscription in s.page) Write(w, subscription, s.queue_name, s.now);
            w.WriteEndArray();
            Json.Links(w, s.next);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> Get(string queue_name, string subscription_id, Caller caller, IMediator mediator, TimeProvider clock, CancellationToken ct)
    {
        var found = SubscriptionId.TryParse(subscription_id, out var id)
            ? await mediator.Send(new GetSubscriptionQuery(caller.Tenant, new QueueName(queue_name), id), ct)
            : null;
        if (found is null) return NotFound(subscription_id);
        return Json.Ok((found, queue_name, now: clock.GetUtcNow()), static (w, s) => Write(w, s.found, s.queue_name, s.now));
    }

    private static async Task<IResult> Update(
        string queue_name, string subscription_id, HttpRequest request, Caller caller, IMediator mediator, Limits limits, NotificationOptions notifications,
        TimeProvider clock, CancellationToken ct)
    {
        var (body, error) = await ReadObject(request, limits, ct);
        if (error is not null) return error;
        if (body!.Count == 0) return ApiError.Api("No subscription to create.");
        if (body.Any(p => Array.IndexOf(SubscriptionInput.Fields, p.Key) < 0))
        {
            return ApiError.BadRequest("Unable to update subscription", $"Subscription {subscription_id} could not be updated.");
        }
        var fields = SubscriptionInput.Read(body, notifications, clock.GetUtcNow(), out var fault);
        if (fault is not null) return ApiError.Api(fault);
        if (!SubscriptionId.TryParse(subscription_id, out var id)) return NotFound(subscription_id);
        var outcome = await mediator.Send(new UpdateSubscriptionCommand(caller.Tenant, new QueueName(queue_name), id, fields), ct);
        return outcome.Refused is { } refusal
            ? ApiError.From(refusal, limits, queue_name, caller.Tenant.Value)
            : new Located(request.Path.Value!, TypedResults.NoContent());
    }

    private static async Task<IResult> Delete(string queue_name, string subscription_id, Caller caller, IMediator mediator, CancellationToken ct)
    {
        if (SubscriptionId.TryParse(subscription_id, out var id))
        {
            await mediator.Send(new DeleteSubscriptionCommand(caller.Tenant, new QueueName(queue_name), id), ct);
        }
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Confirm(
        string queue_name, string subscription_id, HttpRequest request, Caller caller, IMediator mediator, Limits limits, CancellationToken ct)
    {
        var (body, error) = await ReadObject(request, limits, ct);
        if (error is not null) return error;
        if (body!["confirmed"] is not JsonValue flag || flag.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            return ApiError.Api("The 'confirmed' should be boolean.");
        }
        if (!SubscriptionId.TryParse(subscription_id, out var id)) return NotFound(subscription_id);
        var outcome = await mediator.Send(new ConfirmSubscriptionCommand(caller.Tenant, new QueueName(queue_name), id, flag.GetValue<bool>()), ct);
        return outcome.Refused is not null ? NotFound(subscription_id) : new Located(request.Path.Value!, TypedResults.NoContent());
    }

    /// <summary>The body as a JSON object; no body reads as <c>{}</c>.</summary>
    private static async Task<(JsonObject? Body, IResult? Error)> ReadObject(HttpRequest request, Limits limits, CancellationToken ct)
    {
        var (status, bytes) = await RequestBody.Read(request, limits.MaxQueueMetadata, ct);
        if (status == RequestBody.Status.TooLarge) return (null, ApiError.Api($"Request body is too large. Max size: {limits.MaxQueueMetadata}"));
        if (status == RequestBody.Status.Empty) return ([], null);
        var node = JsonInput.Parse(bytes, out var error);
        if (error is not null) return (null, ApiError.Body(error));
        return node is JsonObject o ? (o, null) : (null, ApiError.Body(JsonInput.NotSupported));
    }

    private static JsonResult<(string Title, string? Description)> NotFound(string id) => ApiError.SubscriptionNotFound(id);

    private static void Write(Utf8JsonWriter w, Subscription s, string queue, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id.ToString());
        w.WriteString("source", queue);
        w.WriteString("subscriber", s.Subscriber);
        w.WriteNumber("ttl", s.Ttl);
        w.WriteNumber("age", MessageJson.Age(s.Updated, now));
        w.WritePropertyName("options");
        w.WriteRawValue(s.Options, skipInputValidation: true);
        w.WriteBoolean("confirmed", s.Confirmed);
        w.WriteEndObject();
    }
}
