using Sluice.Functions.Hosting;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mediator;
using Sluice.Domain;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Functions.Http;

namespace Sluice.Functions.Endpoints;

/// <summary>Queues (contract §4).</summary>
internal static class QueuesEndpoints
{
    private static readonly string[] ListParameters = ["limit", "marker", "detailed", "with_count", "name"];

    public static RouteGroupBuilder MapQueues(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2/queues").WithMetadata(new RouteKind(Versioned: true), new HttpFunction("queues", "v2/queues/{queue_name?}"));
        group.MapGet("", List);
        group.MapPut("/{queue_name}", Create);
        group.MapGet("/{queue_name}", Get);
        group.MapPatch("/{queue_name}", Update);
        group.MapDelete("/{queue_name}", Delete);
        group.MapGet("/{queue_name}/stats", Stats).WithMetadata(new HttpFunction("stats", "v2/queues/{queue_name}/stats"));
        group.MapPost("/{queue_name}/purge", Purge).WithMetadata(new HttpFunction("purge", "v2/queues/{queue_name}/purge"));
        group.MapPost("/{queue_name}/share", ShareEndpoints.Share)
            .WithMetadata(new RouteKind(Versioned: true, Store: false), new HttpFunction("share", "v2/queues/{queue_name}/share"));
        return group;
    }

    private static async Task<IResult> List(HttpRequest request, Caller caller, IMediator mediator, Limits limits, CancellationToken ct)
    {
        if (!request.TryLimit("limit", limits.DefaultPageSize, limits.MaxQueuesPerPage, out var limit, out var error)
            || !request.TryBool("detailed", false, out var detailed, out error)
            || !request.TryBool("with_count", false, out var withCount, out error)) return error!;
        var filters = request.Query.Where(q => Array.IndexOf(ListParameters, q.Key) < 0 && !string.IsNullOrEmpty(q.Value[^1]))
            .Select(q => KeyValuePair.Create(q.Key, q.Value[^1]!)).ToList();
        var filter = new QueueFilter(request.String("marker"), limit, request.String("name"), filters, withCount);
        var page = await mediator.Send(new ListQueuesQuery(caller.Tenant, filter), ct);
        var next = page.Queues.Count > 0 ? Paging.Next(request, page.Queues[^1].Name.Value) : null;
        return Json.Ok((page, next, detailed, limits), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("queues");
            foreach (var q in s.page.Queues)
            {
                w.WriteStartObject();
                w.WriteString("name", q.Name.Value);
                w.WriteString("href", $"/v2/queues/{q.Name}");
                if (s.detailed)
                {
                    w.WritePropertyName("metadata");
                    q.Metadata.WithDefaults(s.limits).WriteTo(w);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            Json.Links(w, s.next);
            if (s.page.Count is > 0 and var count) w.WriteNumber("count", count);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> Create(string queue_name, HttpRequest request, Caller caller, IMediator mediator, Limits limits, CancellationToken ct)
    {
        var (status, bytes) = await RequestBody.Read(request, limits.MaxQueueMetadata, ct);
        if (status == RequestBody.Status.TooLarge) return ApiError.Api($"Queue metadata is too large. Max size: {limits.MaxQueueMetadata}");
        var metadata = new JsonObject();
        if (status == RequestBody.Status.Ok)
        {
            var node = JsonInput.Parse(bytes, out var error);
            if (error is not null) return ApiError.Body(error);
            if (node is not JsonObject o) return ApiError.Body(JsonInput.NotSupported);
            metadata = o;
        }
        var outcome = await mediator.Send(new CreateQueueCommand(caller.Tenant, new QueueName(queue_name), metadata), ct);
        if (outcome.Refused is { } refusal) return ApiError.From(refusal, limits, queue_name, caller.Tenant.Value);
        var location = $"/v2/queues/{queue_name}";
        return new Located(location, outcome.Value ? TypedResults.StatusCode(StatusCodes.Status201Created) : TypedResults.NoContent());
    }

    private static async Task<IResult> Get(string queue_name, Caller caller, IMediator mediator, Limits limits, CancellationToken ct)
    {
        var queue = await mediator.Send(new GetQueueQuery(caller.Tenant, new QueueName(queue_name)), ct);
        return Json.Ok(queue.MetadataOrEmpty.WithDefaults(limits), static (w, o) => o.WriteTo(w));
    }

    private static async Task<IResult> Update(string queue_name, HttpRequest request, Caller caller, IMediator mediator, Limits limits, CancellationToken ct)
    {
        const string patchType = "application/openstack-messaging-v2.0-json-patch";
        if (request.ContentType != patchType)
        {
            return ApiError.Of(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"Accepted media type for PATCH: {patchType}.");
        }
        var (status, bytes) = await RequestBody.Read(request, limits.MaxQueueMetadata, ct);
        if (status == RequestBody.Status.TooLarge) return ApiError.Api($"Queue metadata is too large. Max size: {limits.MaxQueueMetadata}");
        if (status == RequestBody.Status.Empty) return ApiError.Body("PATCH body could not be empty for update.");
        var node = JsonInput.Parse(bytes, out var error);
        if (error is not null) return ApiError.Body(error);
        if (MetadataPatchParser.Parse(node, out var patch) is { } invalid) return ApiError.Body(invalid);
        var outcome = await mediator.Send(new UpdateQueueMetadataCommand(caller.Tenant, new QueueName(queue_name), patch), ct);
        if (outcome.Refused is { } refusal) return ApiError.From(refusal, limits, queue_name, caller.Tenant.Value);
        return Json.Ok(outcome.Value!.WithDefaults(limits), static (w, o) => o.WriteTo(w));
    }

    private static async Task<IResult> Delete(string queue_name, Caller caller, IMediator mediator, CancellationToken ct)
    {
        await mediator.Send(new DeleteQueueCommand(caller.Tenant, new QueueName(queue_name)), ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Stats(string queue_name, Caller caller, IMediator mediator, TimeProvider clock, CancellationToken ct)
    {
        var stats = await mediator.Send(new GetQueueStatsQuery(caller.Tenant, new QueueName(queue_name)), ct);
        return Json.Ok((stats, queue_name, now: clock.GetUtcNow()), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartObject("messages");
            w.WriteNumber("claimed", s.stats.Claimed);
            w.WriteNumber("free", s.stats.Free);
            w.WriteNumber("total", s.stats.Total);
            w.WriteNumber("delayed", s.stats.Delayed);
            Summary(w, "oldest", s.queue_name, s.stats.Oldest, s.now);
            Summary(w, "newest", s.queue_name, s.stats.Newest, s.now);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void Summary(Utf8JsonWriter w, string name, string queue, MessageSummary? m, DateTimeOffset now)
    {
        if (m is null) return;
        w.WriteStartObject(name);
        w.WriteString("href", MessageJson.Href(queue, m.Id.ToString(), null));
        w.WriteNumber("age", MessageJson.Age(m.Created, now));
        w.WriteString("created", MessageJson.Created(m.Created));
        w.WriteEndObject();
    }

    private static async Task<IResult> Purge(string queue_name, HttpRequest request, Caller caller, IMediator mediator, Limits limits, CancellationToken ct)
    {
        var (status, bytes) = await RequestBody.Read(request, limits.MaxQueueMetadata, ct);
        if (status == RequestBody.Status.TooLarge) return ApiError.Api($"Request body is too large. Max size: {limits.MaxQueueMetadata}");
        bool messages = true, subscriptions = true;
        if (status == RequestBody.Status.Ok)
        {
            var node = JsonInput.Parse(bytes, out var error);
            if (error is not null) return ApiError.Body(error);
            if (node is not JsonObject o) return ApiError.Body(JsonInput.NotSupported);
            if (!o.TryGetPropertyValue("resource_types", out var types)) return ApiError.Body("Post body must contain key \"resource_types\".");
            if (types is not JsonArray list || list.Any(t => t?.GetValueKind() != JsonValueKind.String || t.GetValue<string>() is not ("messages" or "subscriptions")))
            {
                return ApiError.Api("Resource types must be a sub set of ['messages', 'subscriptions'].");
            }
            messages = list.Any(t => t!.GetValue<string>() == "messages");
            subscriptions = list.Any(t => t!.GetValue<string>() == "subscriptions");
        }
        await mediator.Send(new PurgeQueueCommand(caller.Tenant, new QueueName(queue_name), messages, subscriptions), ct);
        return TypedResults.NoContent();
    }
}
