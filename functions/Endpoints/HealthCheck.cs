using System.Diagnostics;
using Mediator;
using Npgsql;
using Sluice.Domain.Claims;
using Sluice.Domain.Health;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;
using Sluice.Functions.Http;

namespace Sluice.Functions.Endpoints;

/// <summary>
/// GET /v2/health (admin): a live self-test of each operation against a queue of a project kept for it (§3.4),
/// through the same requests the API sends.
/// </summary>
internal static class HealthCheck
{
    private static readonly TenantId Tenant = new("sluice-health");

    public static async Task<IResult> Run(IMediator mediator, CancellationToken ct)
    {
        var queue = new QueueName("health-" + Guid.NewGuid().ToString("N"));
        var reachable = await mediator.Send(new PingQuery(), ct);
        var results = new List<(string Name, bool Ok, double Seconds, string? Ref)>();
        MessageId[] posted = [];
        ClaimView? claim = null;
        async Task Step(string name, Func<Task> op)
        {
            var watch = Stopwatch.StartNew();
            try
            {
                await op();
                results.Add((name, true, watch.Elapsed.TotalSeconds, null));
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                results.Add((name, false, watch.Elapsed.TotalSeconds, e.GetType().Name));
            }
        }
        var body = "{\"health\":true}"u8.ToArray();
        await Step("create_queue", async () => await mediator.Send(new CreateQueueCommand(Tenant, queue, []), ct));
        await Step("post_messages", async () => posted = (await mediator.Send(new PostMessagesCommand(Tenant, queue, "health", [new NewMessage(body, null, null), new NewMessage(body, null, null)], body.Length * 2), ct)).Value ?? []);
        await Step("list_messages", async () => await mediator.Send(new ListMessagesQuery(Tenant, queue, new MessageFilter(null, 10, null, true, true)), ct));
        await Step("claim_messages", async () => claim = (await mediator.Send(new CreateClaimCommand(Tenant, queue, 1, 60, 60), ct)).Value);
        await Step("delete_messages", async () => await mediator.Send(new DeleteMessageCommand(Tenant, queue, claim?.Messages[0].Id, claim is null ? default : new ClaimArgument(true, claim.Claim.Id)), ct));
        await Step("delete_claim", async () => await mediator.Send(new ReleaseClaimCommand(Tenant, queue, claim?.Claim.Id), ct));
        await Step("bulk_delete_messages", async () => await mediator.Send(new DeleteMessagesCommand(Tenant, queue, posted, null), ct));
        await Step("delete_queue", async () => await mediator.Send(new DeleteQueueCommand(Tenant, queue), ct));
        return Json.Ok((reachable, results), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("storage_reachable", s.reachable);
            w.WriteStartObject("operation_status");
            foreach (var (name, ok, seconds, reference) in s.results)
            {
                w.WriteStartObject(name);
                w.WriteBoolean("succeeded", ok);
                w.WriteNumber("seconds", Math.Round(seconds, 6));
                if (reference is null) w.WriteNull("ref"); else w.WriteString("ref", reference);
                w.WriteEndObject();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }
}
