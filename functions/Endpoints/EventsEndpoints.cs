using System.Text.Json;
using Mediator;
using Sluice.Domain;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Streams;
using Sluice.Functions.Hosting;
using Sluice.Functions.Http;
using Sluice.Infra.Waiting;

namespace Sluice.Functions.Endpoints;

/// <summary>
/// Ordered event streams (an extension): a queue's events, or a tenant's, after an opaque cursor, paged like the rest
/// of the API, optionally waited for (<c>wait</c>), or served as Server-Sent Events resumable with Last-Event-ID.
/// </summary>
internal static class EventsEndpoints
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void MapEvents(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v2/queues/{queue_name}/events", (string queue_name, HttpContext context, Caller caller, IMediator mediator, LongPoll longPoll, Limits limits) =>
                Read(context, caller, queue_name, mediator, longPoll, limits))
            .WithMetadata(new RouteKind(Versioned: true, EventStream: true), new HttpFunction("queue-events", "v2/queues/{queue_name}/events"));
        routes.MapGet("/v2/events", (HttpContext context, Caller caller, IMediator mediator, LongPoll longPoll, Limits limits) =>
                Read(context, caller, null, mediator, longPoll, limits))
            .WithMetadata(new RouteKind(Versioned: true, EventStream: true), new HttpFunction("events", "v2/events"));
    }

    private static async Task<IResult> Read(HttpContext context, Caller caller, string? queue, IMediator mediator, LongPoll longPoll, Limits limits)
    {
        var request = context.Request;
        var sse = RequestHooks.AcceptsEventStream(request.Headers.Accept.ToString());
        // Server-Sent Events resume from Last-Event-ID, which browsers send on reconnecting; "after" wins if both are given.
        var from = request.String("after") ?? (sse ? request.Headers["Last-Event-ID"].ToString() : null);
        var after = StreamCursor.Start;
        if (!string.IsNullOrEmpty(from) && !StreamCursor.TryParse(from, out after))
        {
            return ApiError.BadRequest(ApiError.InvalidParameter, "The \"after\" parameter is invalid. It must be a cursor this stream gave.");
        }
        if (!request.TryLimit("limit", limits.DefaultPageSize, limits.MaxEventsPerPage, out var limit, out var error)
            || !LongPoll.TryWait(request, limits, out var wait, out error)) return error!;

        var tenant = caller.Tenant;
        var key = queue ?? QueueSignals.AllQueues;
        var ct = context.RequestAborted;
        if (sse)
        {
            await Serve(context, mediator, longPoll, tenant, queue, key, after, limit);
            return TypedResults.Empty;
        }

        var page = await NextPage(mediator, longPoll, tenant, queue, key, after, limit, wait, ct);
        var next = page.Events.Count > 0 ? Paging.Next(request, "after", page.Events[^1].Cursor.ToString()) : null;
        return Json.Ok((page, next), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteStartArray("events");
            foreach (var logged in s.page.Events) EventJson.Write(w, logged);
            w.WriteEndArray();
            Json.Links(w, s.next);
            w.WriteEndObject();
        });
    }

    /// <summary>Streams events as they come until the client goes, with a comment line every 15 s to keep proxies open.</summary>
    private static async Task Serve(HttpContext context, IMediator mediator, LongPoll longPoll, Domain.Tenancy.TenantId tenant,
        string? queue, string key, StreamCursor after, int limit)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        using var buffer = new MemoryStream();
        try
        {
            await response.Body.FlushAsync(context.RequestAborted);
            while (!context.RequestAborted.IsCancellationRequested)
            {
                var page = await NextPage(mediator, longPoll, tenant, queue, key, after, limit, (int)Heartbeat.TotalSeconds, context.RequestAborted);
                if (page.Events.Count == 0)
                {
                    await response.WriteAsync(": keep-alive\n\n", context.RequestAborted);
                }
                foreach (var logged in page.Events)
                {
                    buffer.SetLength(0);
                    await using (var w = new Utf8JsonWriter(buffer)) EventJson.Write(w, logged);
                    var data = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
                    await response.WriteAsync($"id: {logged.Cursor}\nevent: {EventJson.Type(logged.Event)}\ndata: {data}\n\n", context.RequestAborted);
                    after = logged.Cursor;
                }
                await response.Body.FlushAsync(context.RequestAborted);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away: the normal end of a stream
        }
    }

    /// <summary>
    /// The next page after the cursor, waiting up to <paramref name="wait"/> seconds for one: woken by the queue's (or
    /// tenant's) signals, and looking again every 100 ms while an older transaction holds newer events back.
    /// </summary>
    private static Task<StreamPage> NextPage(IMediator mediator, LongPoll longPoll, Domain.Tenancy.TenantId tenant, string? queue, string key,
        StreamCursor after, int limit, int wait, CancellationToken cancellationToken) =>
        longPoll.Until(tenant, key, wait, Wanting.Events, limit,
            async token => await mediator.Send(new ReadStreamQuery(tenant, queue is null ? null : new QueueName(queue), after, limit), token),
            static p => p.Events.Count == 0,
            static (p, _, _) => Task.FromResult<TimeSpan?>(p.HeldBack ? TimeSpan.FromMilliseconds(100) : null), cancellationToken);
}
