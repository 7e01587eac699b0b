using Sluice.Functions.Hosting;
using System.Text.Json.Nodes;
using Mediator;
using Sluice.Domain;
using Sluice.Domain.Claims;
using Sluice.Domain.Queues;
using Sluice.Functions.Http;
using Sluice.Infra.Waiting;

namespace Sluice.Functions.Endpoints;

/// <summary>Claims (contract §6).</summary>
internal static class ClaimsEndpoints
{
    private const int MaxClaimBody = 4096;

    public static RouteGroupBuilder MapClaims(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v2/queues/{queue_name}/claims")
            .WithMetadata(new RouteKind(Versioned: true), new HttpFunction("claims", "v2/queues/{queue_name}/claims/{claim_id?}"));
        group.MapPost("", Create);
        group.MapGet("/{claim_id}", Get);
        group.MapPatch("/{claim_id}", Renew);
        group.MapDelete("/{claim_id}", Release);
        return group;
    }

    private static async Task<IResult> Create(string queue_name, HttpRequest request, Caller caller, IMediator mediator, Limits limits, TimeProvider clock,
        LongPoll longPoll, CancellationToken ct)
    {
        if (!request.TryLimit("limit", limits.DefaultClaimLimit, limits.MaxMessagesPerClaimOrPop, out var limit, out var error)
            || !LongPoll.TryWait(request, limits, out var wait, out error)) return error!;
        var (ttl, grace, invalid) = await ReadTtlGrace(request, required: false, limits, ct);
        if (invalid is not null) return invalid;
        var command = new CreateClaimCommand(caller.Tenant, new QueueName(queue_name), limit, ttl, grace);
        var outcome = await longPoll.Until(caller.Tenant, queue_name, wait, Wanting.Claim, limit,
            async token => await mediator.Send(command, token), static o => o.Refused is null && o.Value is null,
            (_, at, token) => longPoll.UntilAvailable(caller.Tenant, queue_name, at, token), ct);
        if (outcome.Refused is { } refusal) return ApiError.From(refusal, limits, queue_name, caller.Tenant.Value);
        if (outcome.Value is not { } claim) return TypedResults.NoContent();
        return new Located($"/v2/queues/{queue_name}/claims/{claim.Claim.Id}",
            Json.Status(StatusCodes.Status201Created, (queue_name, claim, now: clock.GetUtcNow()), static (w, s) =>
            {
                w.WriteStartObject();
                MessageJson.WriteList(w, s.queue_name, s.claim.Messages, s.now);
                w.WriteEndObject();
            }));
    }

    private static async Task<IResult> Get(string queue_name, string claim_id, Caller caller, IMediator mediator, Limits limits, TimeProvider clock, CancellationToken ct)
    {
        var view = ClaimId.TryParse(claim_id, out var id) ? await mediator.Send(new GetClaimQuery(caller.Tenant, new QueueName(queue_name), id), ct) : null;
        if (view is null) return ApiError.From(new Refusal(Rejection.ClaimNotFound, claim_id), limits, queue_name, caller.Tenant.Value);
        return Json.Ok((queue_name, view, now: clock.GetUtcNow()), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteNumber("age", MessageJson.Age(s.view.Claim.Updated, s.now));
            w.WriteNumber("ttl", s.view.Claim.Ttl);
            w.WriteString("href", $"/v2/queues/{s.queue_name}/claims/{s.view.Claim.Id}");
            MessageJson.WriteList(w, s.queue_name, s.view.Messages, s.now);
            w.WriteEndObject();
        });
    }

    private static async Task<IResult> Renew(string queue_name, string claim_id, HttpRequest request, Caller caller, IMediator mediator, Limits limits, CancellationToken ct)
    {
        var (ttl, grace, invalid) = await ReadTtlGrace(request, required: true, limits, ct);
        if (invalid is not null) return invalid;
        ClaimId? id = ClaimId.TryParse(claim_id, out var parsed) ? parsed : null;
        var outcome = await mediator.Send(new RenewClaimCommand(caller.Tenant, new QueueName(queue_name), id, ttl, grace), ct);
        if (outcome.Refused is { } refusal) return ApiError.From(refusal with { Detail = claim_id }, limits, queue_name, caller.Tenant.Value);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> Release(string queue_name, string claim_id, Caller caller, IMediator mediator, CancellationToken ct)
    {
        ClaimId? id = ClaimId.TryParse(claim_id, out var parsed) ? parsed : null;
        await mediator.Send(new ReleaseClaimCommand(caller.Tenant, new QueueName(queue_name), id), ct);
        return TypedResults.NoContent();
    }

    /// <summary>The optional <c>{"ttl": int, "grace": int}</c> body; missing fields take the configured defaults.</summary>
    private static async Task<(long Ttl, long Grace, IResult? Error)> ReadTtlGrace(HttpRequest request, bool required, Limits limits, CancellationToken ct)
    {
        var (status, bytes) = await RequestBody.Read(request, MaxClaimBody, ct);
        if (status == RequestBody.Status.TooLarge) return (0, 0, ApiError.Body("Request body is too large."));
        if (status == RequestBody.Status.Empty)
        {
            return required ? (0, 0, ApiError.Body("Request body can not be empty")) : (limits.DefaultClaimTtl, limits.DefaultClaimGrace, null);
        }
        var node = JsonInput.Parse(bytes, out var error);
        if (error is not null) return (0, 0, ApiError.Body(error));
        if (node is not JsonObject o) return (0, 0, ApiError.Body(JsonInput.NotSupported));
        if (!JsonInput.TryInt(o, "ttl", out var ttl, out error) || !JsonInput.TryInt(o, "grace", out var grace, out error)) return (0, 0, ApiError.Body(error!));
        return (ttl ?? limits.DefaultClaimTtl, grace ?? limits.DefaultClaimGrace, null);
    }
}
