using System.Diagnostics;
using Mediator;
using Npgsql;
using Sluice.Domain.Claims;
using Sluice.Domain.Health;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;
using Sluice.Functions.Hosting;
using Sluice.Functions.Http;
using Sluice.Infra;
using Sluice.Infra.Catalog;

namespace Sluice.Functions.Endpoints;

/// <summary>
/// GET /v2/health (admin): a live self-test of each operation against a queue of a project kept for it (§3.4),
/// through the same requests the API sends. With pooling, the pooled form: whether the catalog answers, and the
/// self-test of every pool, run through that pool's own data plane.
/// </summary>
internal static class HealthCheck
{
    private static readonly TenantId Tenant = new("sluice-health");

    private sealed record Probe(bool Reachable, IReadOnlyList<(string Name, bool Ok, double Seconds, string? Ref)> Results);

    public static async Task<IResult> Run(IMediator mediator, SluiceOptions options, PoolCatalog catalog, PoolPlanes planes, CancellationToken ct)
    {
        if (!options.Pooling) return Json.Ok(await SelfTest(mediator, ct), WriteProbe);
        IReadOnlyList<PoolRecord> pools = [];
        var catalogReachable = true;
        try
        {
            pools = await catalog.Pools(ct);
        }
        catch (CatalogUnavailableException)
        {
            catalogReachable = false;
        }
        var probes = new List<(string Pool, Probe Probe)>();
        foreach (var pool in pools)
        {
            Probe probe;
            try
            {
                probe = await SelfTest(await planes.Mediator(pool, ct), ct);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
            {
                // The pool's plane could not start (its database does not answer or refuses the migration).
                probe = new Probe(false, []);
            }
            probes.Add((pool.Name, probe));
        }
        return Json.Ok((catalogReachable, probes), static (w, s) =>
        {
            w.WriteStartObject();
            w.WriteBoolean("catalog_reachable", s.catalogReachable);
            foreach (var (pool, probe) in s.probes)
            {
                w.WritePropertyName(pool);
                WriteProbe(w, probe);
            }
            w.WriteEndObject();
        });
    }

    private static async Task<Probe> SelfTest(IMediator mediator, CancellationToken ct)
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
        return new Probe(reachable, results);
    }

    private static void WriteProbe(System.Text.Json.Utf8JsonWriter w, Probe probe)
    {
        w.WriteStartObject();
        w.WriteBoolean("storage_reachable", probe.Reachable);
        w.WriteStartObject("operation_status");
        foreach (var (name, ok, seconds, reference) in probe.Results)
        {
            w.WriteStartObject(name);
            w.WriteBoolean("succeeded", ok);
            w.WriteNumber("seconds", Math.Round(seconds, 6));
            if (reference is null) w.WriteNull("ref"); else w.WriteString("ref", reference);
            w.WriteEndObject();
        }
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
