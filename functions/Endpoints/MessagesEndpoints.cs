using Sluice.Functions.Hosting;
using Mediator;
using Sluice.Domain;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Functions.Http;
using Sluice.Infra.Waiting;

namespace Sluice.Functions.Endpoints;

/// <summary>Messages (contract §5).</summary>
internal static class MessagesEndpoints
{
    public static RouteGroupBuilder MapMessages(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2/queues/{queue_name}/messages")
            .WithMetadata(new RouteKind(Versioned: true), new HttpFunction("messages", "v2/queues/{queue_name}/messages/{message_id?}"));
        group.MapPost("", Post);
        group.MapGet("", List);
        group.MapDelete("", DeleteMany);
        group.MapGet("/{message_id}", Get);
        group.MapDelete("/{message_id}", Delete);
        return group;
    }

    private static async Task<IResult> Post(string queue_name, HttpRequest request, Caller caller, IMediator mediator, Limits limits, CancellationToken ct)
    {
        var (status, bytes) = await RequestBody.Read(request, limits.MaxMessagesPostSize, ct);
        if (status == RequestBody.Status.TooLarge) return ApiError.Api($"Message collection size is too large. Max size {limits.MaxMessagesPostSize}");
        if (status == RequestBody.Status.Empty) return ApiError.Body("Request body can not be empty");
        if (!TryIdempotencyKey(request, bytes, out var idempotency, out var invalidKey)) return invalidKey!;
        var messages = JsonInput.Messages(bytes, out var error, out var apiError);
        if (messages is null) return apiError ? ApiError.Api(error!) : ApiError.Body(error!);
        var command = new PostMessagesCommand(caller.Tenant, new QueueName(queue_name), caller.ClientId, messages, bytes.Length, idempotency);
        var outcome = await mediator.Send(command, ct);
        if (outcome.Refused is { } refusal) return ApiError.From(refusal, limits, queue_name, caller.Tenant.Value);
        var ids = Array.ConvertAll(outcome.Value!, id => id.ToString());
        return new Located($"/v2/queues/{queue_name}/messages?ids={string.Join(',', ids)}",
            Json.Status(StatusCodes.Status201Created, (queue_name, ids), static (w, s) =>
            {
                w.WriteStartObject();
                w.WriteStartArray("resources");
                foreach (var id in s.ids) w.WriteStringValue($"/v2/queues/{s.queue_name}/messages/{id}");
                w.WriteEndArray();
                w.WriteEndObject();
            }));
    }

    private static async Task<IResult> List(string queue_name, HttpRequest request, Caller caller, IMediator mediator, Limits limits, TimeProvider clock,
        LongPoll longPoll, CancellationToken ct)
    {
        var queue = new QueueName(queue_name);
        if (request.List("ids").Count > 0) return await GetSet(queue, request, caller, mediator, limits, clock, ct);
        if (!request.TryLimit("limit", limits.DefaultPageSize, limits.MaxMessagesPerPage, out var limit, out var error)
            || !request.TryBool("echo", false, out var echo, out error)
            || !request.TryBool("include_claimed", false, out var includeClaimed, out error)
            || !request.TryBool("include_delayed", false, out var includeDelayed, out error)
            || !LongPoll.TryWait(request, limits, out var wait, out error)) return error!;
        // Markers are opaque places; an unknown or garbage marker restarts from the beginning (§1.7).
        var after = Marker.TryParse(request.String("marker"), out var place) ? place : (QueuePlace?)null;
        var filter = new MessageFilter(after, limit, echo ? null : caller.ClientId, includeClaimed, includeDelayed);
        var messages = await longPoll.Until(caller.Tenant, queue_name, wait, Wanting.Listing, limit,
            async token => await mediator.Send(new ListMessagesQuery(caller.Tenant, queue, filter), token), static m => m.Count == 0,
            (_, at, token) => longPoll.UntilAvailable(caller.Tenant, queue_name, at, token), ct);
        var next = messages.Count > 0 ? Paging.Next(request, Marker.Format(messages[^1].Place)) : null;
        return Json.Ok((queue_name, messages, next, now: clock.GetUtcNow()), static (w, s) =>
        {
            w.WriteStartObject();
            MessageJson.WriteList(w, s.queue_name, s.messages, s.now);
            Json.Links(w, s.next);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> GetSet(QueueName queue, HttpRequest request, Caller caller, IMediator mediator, Limits limits, TimeProvider clock, CancellationToken ct)
    {
        var raw = request.List("ids");
        if (raw.Count > limits.MaxMessagesPerPage) return ApiError.Limit(limits.MaxMessagesPerPage);
        var messages = await mediator.Send(new GetMessagesQuery(caller.Tenant, queue, ParseIds(raw)), ct);
        if (messages.Count == 0)
        {
            var listed = "[" + string.Join(", ", raw.Select(i => $"'{i}'")) + "]";
            return ApiError.From(new Refusal(Rejection.MessagesNotFound, listed), limits, queue.Value, caller.Tenant.Value);
        }
        return Json.Ok((queue.Value, messages, now: clock.GetUtcNow()), static (w, s) =>
        {
            w.WriteStartObject();
            MessageJson.WriteList(w, s.Value, s.messages, s.now);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> Get(string queue_name, string message_id, Caller caller, IMediator mediator, Limits limits, TimeProvider clock, CancellationToken ct)
    {
        var queue = new QueueName(queue_name);
        var found = MessageId.TryParse(message_id, out var id) ? await mediator.Send(new GetMessagesQuery(caller.Tenant, queue, [id]), ct) : [];
        if (found.Count == 0)
        {
            var exists = await mediator.Send(new GetQueueQuery(caller.Tenant, queue), ct) is QueueState.Existing;
            var refusal = exists ? new Refusal(Rejection.MessageNotFound, message_id) : new Refusal(Rejection.QueueNotFound);
            return ApiError.From(refusal, limits, queue_name, caller.Tenant.Value);
        }
        return Json.Ok((queue_name, found[0], now: clock.GetUtcNow()), static (w, s) => MessageJson.Write(w, s.queue_name, s.Item2, s.now));
    }

    private static async Task<IResult> Delete(string queue_name, string message_id, HttpRequest request, Caller caller, IMediator mediator, Limits limits, CancellationToken ct)
    {
        MessageId? id = MessageId.TryParse(message_id, out var parsed) ? parsed : null;
        var claim = request.String("claim_id") is { } text
            ? ClaimId.TryParse(text, out var c) ? new ClaimArgument(true, c) : ClaimArgument.Malformed
            : ClaimArgument.None;
        var outcome = await mediator.Send(new DeleteMessageCommand(caller.Tenant, new QueueName(queue_name), id, claim), ct);
        return outcome.Refused is { } refusal ? ApiError.From(refusal, limits, queue_name, caller.Tenant.Value) : TypedResults.NoContent();
    }

    private static async Task<IResult> DeleteMany(string queue_name, HttpRequest request, Caller caller, IMediator mediator, Limits limits, TimeProvider clock, CancellationToken ct)
    {
        // Blank values are absent (§1.8): "?pop=" must never pop.
        var hasIds = request.List("ids").Count > 0;
        var hasPop = request.Has("pop");
        if (hasIds && hasPop) return ApiError.Api("pop and id params cannot be present together in the delete request.");
        if (!hasIds && !hasPop) return ApiError.Api("The request should have either \"ids\" or \"pop\" parameter in the request, to be able to delete.");
        var queue = new QueueName(queue_name);
        if (hasPop)
        {
            if (!request.TryLimit("pop", 1, limits.MaxMessagesPerClaimOrPop, out var pop, out var error)) return error!;
            var popped = await mediator.Send(new PopMessagesCommand(caller.Tenant, queue, pop), ct);
            return Json.Ok((popped, now: clock.GetUtcNow()), static (w, s) => WritePopped(w, s.popped, s.now));
        }
        var raw = request.List("ids");
        if (raw.Count > limits.MaxMessagesPerPage) return ApiError.Limit(limits.MaxMessagesPerPage);
        ClaimId[]? claims = null;
        if (limits.MessageDeleteWithClaimId)
        {
            var claimIds = request.List("claim_ids");
            if (claimIds.Count == 0) return ApiError.From(new Refusal(Rejection.ClaimIdsRequired), limits, queue_name, caller.Tenant.Value);
            claims = [.. claimIds.Select(t => ClaimId.TryParse(t, out var c) ? c : default)];
        }
        var outcome = await mediator.Send(new DeleteMessagesCommand(caller.Tenant, queue, ParseIds(raw), claims), ct);
        return outcome.Refused is { } refusal ? ApiError.From(refusal, limits, queue_name, caller.Tenant.Value) : TypedResults.NoContent();
    }

    private static void WritePopped(System.Text.Json.Utf8JsonWriter w, PopResult popped, DateTimeOffset now)
    {
        w.WriteStartObject();
        w.WriteStartArray("messages");
        foreach (var m in popped.Messages)
        {
            w.WriteStartObject();
            w.WriteString("id", m.Id.ToString());
            w.WriteNumber("age", MessageJson.Age(m.Created, now));
            w.WriteNumber("ttl", m.Ttl);
            w.WritePropertyName("body");
            w.WriteRawValue(m.Body.Span, skipInputValidation: true);
            w.WriteString("claim_id", popped.Claim.ToString());
            w.WriteNumber("claim_count", m.ClaimCount);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Malformed ids are skipped, as unknown ones are.</summary>
    private static MessageId[] ParseIds(List<string> raw) =>
        [.. raw.Select(t => MessageId.TryParse(t, out var id) ? (MessageId?)id : null).OfType<MessageId>().Distinct()];

    /// <summary>
    /// The optional Idempotency-Key header (an extension): 1 to 255 printable ASCII characters. The key stands for the
    /// exact body: its SHA-256 tells a retry from a different request under the same key.
    /// </summary>
    private static bool TryIdempotencyKey(HttpRequest request, ReadOnlyMemory<byte> body, out IdempotencyKey? key, out IResult? error)
    {
        key = null;
        error = null;
        if (!request.Headers.TryGetValue("Idempotency-Key", out var values)) return true;
        var value = values.ToString();
        if (values.Count != 1 || value.Length is 0 or > 255 || value.Any(c => c is < ' ' or > '~'))
        {
            error = ApiError.BadRequest("Invalid header value", "The Idempotency-Key header must be one value of 1 to 255 printable ASCII characters.");
            return false;
        }
        key = new IdempotencyKey(value, System.Security.Cryptography.SHA256.HashData(body.Span));
        return true;
    }
}
