using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sluice.Domain.Expiry;
using Sluice.Domain.Ports;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Concurrency;

/// <summary>
/// Every command takes its locks in one order (README, "Lock order"): purges and queue deletes race
/// posts, claims (dead-lettering ones too), renewals, releases, deletes by claim and bulk deletes, the expiry sweep
/// and the head keeper on one small queue, for a fixed time. Before the order was fixed, purges and deletes locked
/// messages then claims while releases and renewals locked claims then messages, and PostgreSQL broke the
/// deadlocks by failing one side: clients got 503 "storage is not reachable" with the database up. Retried or not,
/// a deadlock counts here: PostgreSQL's own counter for the database must not move. That counter is the whole
/// database's, so this class runs alone, after the classes that run in parallel.
/// </summary>
[Collection(nameof(LockOrderTests))]
public sealed class LockOrderTests(LockOrderApp app) : IClassFixture<LockOrderApp>
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(8);
    private const string Queue = "locked";
    private const string Dlq = "locked-dlq";
    private const string Metadata = "{\"_max_claim_count\":2,\"_dead_letter_queue\":\"" + Dlq + "\"}";

    [Fact]
    public async Task Given_purges_and_queue_deletes_racing_claims_renewals_releases_and_deletes_When_they_run_for_8_s_Then_no_deadlock_no_5xx_and_no_message_in_two_live_claims()
    {
        var project = "lock-order-" + Guid.NewGuid().ToString("N")[..8];
        using (var setup = app.Api(project)) Assert.Equal(HttpStatusCode.Created, (await setup.Put($"/v2/queues/{Queue}", Metadata)).Status);
        var deadlocksBefore = await Deadlocks();
        var failures = new ConcurrentBag<string>();
        var calls = 0;
        var lostCreations = 0;
        var clock = Stopwatch.StartNew();
        bool Running() => clock.Elapsed < Budget;

        async Task<Reply> Call(Api api, HttpMethod method, string path, string? body = null, string contentType = "application/json")
        {
            var reply = await api.Send(method, path, body, contentType);
            Interlocked.Increment(ref calls);
            // A post that finds the queue deleted creates it, and can lose that race to the recreating PUT on every
            // attempt; it is then told so (a conflict, not an outage). Nothing else may answer 5xx.
            if (reply.Status == HttpStatusCode.ServiceUnavailable && method == HttpMethod.Post && path.EndsWith("/messages", StringComparison.Ordinal)
                && reply.Description!.StartsWith("The request conflicted with concurrent requests", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref lostCreations);
            }
            else if ((int)reply.Status >= 500)
            {
                failures.Add($"{method} {path}: {(int)reply.Status} {reply.Body}");
            }
            return reply;
        }

        async Task Loop(Func<Api, Task> step)
        {
            using var api = app.Api(project);
            while (Running()) await step(api);
        }

        async Task Work(Api api)
        {
            var claim = await Call(api, HttpMethod.Post, $"/v2/queues/{Queue}/claims?limit=4", "{\"ttl\":60,\"grace\":60}");
            if (claim.Status != HttpStatusCode.Created) return;
            var href = claim.Location!;
            var id = href.Split('/')[^1];
            var messages = claim.Json!["messages"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()).ToArray();
            await Call(api, HttpMethod.Patch, href, "{\"ttl\":60,\"grace\":60}");
            await Call(api, HttpMethod.Delete, $"/v2/queues/{Queue}/messages/{messages[0]}?claim_id={id}");
            if (messages.Length > 2) await Call(api, HttpMethod.Delete, $"/v2/queues/{Queue}/messages?ids={messages[1]},{messages[2]}");
            await Call(api, HttpMethod.Delete, href);
        }

        var mediator = app.Services.GetRequiredService<IMediator>();
        var loops = new List<Task>
        {
            Loop(async api =>
            {
                await Call(api, HttpMethod.Post, $"/v2/queues/{Queue}/purge", "{\"resource_types\":[\"messages\"]}");
                await Call(api, HttpMethod.Post, $"/v2/queues/{Dlq}/purge", "{\"resource_types\":[\"messages\"]}");
            }),
            Loop(async api =>
            {
                await Call(api, HttpMethod.Delete, $"/v2/queues/{Queue}");
                await Call(api, HttpMethod.Put, $"/v2/queues/{Queue}", Metadata);
            }),
            Loop(async _ =>
            {
                // Claims and messages expire as the service's clock moves, and the sweep removes them.
                app.Clock.Advance(TimeSpan.FromSeconds(2));
                try
                {
                    await mediator.Send(new SweepExpiredCommand(100));
                }
                catch (Exception e) when (e is NpgsqlException or ConcurrentCreationException)
                {
                    failures.Add($"sweep: {e.Message}");
                }
            }),
        };
        for (var i = 0; i < 2; i++)
        {
            loops.Add(Loop(api => Call(api, HttpMethod.Post, $"/v2/queues/{Queue}/messages",
                "{\"messages\":[" + string.Join(",", Enumerable.Range(0, 8).Select(n => $"{{\"body\":{n},\"ttl\":60}}")) + "]}")));
        }
        for (var i = 0; i < 4; i++) loops.Add(Loop(Work));
        await Task.WhenAll(loops);

        var deadlocks = await Deadlocks() - deadlocksBefore;
        Assert.True(failures.IsEmpty && deadlocks == 0,
            $"{deadlocks} deadlock(s), {failures.Count} of {calls} calls answered 5xx:\n{string.Join("\n", failures.Take(5))}");
        Assert.True(calls > 200, $"only {calls} calls in {Budget}");
        Assert.True(lostCreations * 100 < calls, $"{lostCreations} of {calls} posts lost the queue's creation on every attempt");
        await using var db = await SchemaConnection.Open(app.Schema);
        var now = app.Clock.GetUtcNow();
        Assert.Equal(0L, await Count(db, """
            SELECT count(*) FROM (
                SELECT m.id FROM messages m JOIN claims c ON c.tenant_id = m.tenant_id AND m.id = ANY (c.message_ids) AND c.expires > $1
                 GROUP BY m.id HAVING count(*) > 1) doubled
            """, now));
        Assert.Equal(0L, await Count(db, """
            SELECT count(*) FROM messages m
             WHERE m.claim_expires > $1
               AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.tenant_id = m.tenant_id AND c.queue_name = m.queue_name AND c.id = m.claim_id
                                                        AND m.id = ANY (c.message_ids) AND c.expires = m.claim_expires)
            """, now));
        Assert.Equal(0L, await db.Scalar<long>("""
            SELECT (SELECT count(*) FROM messages m WHERE NOT EXISTS (SELECT 1 FROM queues q WHERE q.tenant_id = m.tenant_id AND q.name = m.queue_name))
                 + (SELECT count(*) FROM claims c WHERE NOT EXISTS (SELECT 1 FROM queues q WHERE q.tenant_id = c.tenant_id AND q.name = c.queue_name))
                 + (SELECT count(*) FROM queue_heads h WHERE NOT EXISTS (SELECT 1 FROM queues q WHERE q.tenant_id = h.tenant_id AND q.name = h.queue_name))
            """));
    }

    private static async Task<long> Count(NpgsqlConnection db, string sql, DateTimeOffset now)
    {
        await using var command = new NpgsqlCommand(sql, db) { Parameters = { new NpgsqlParameter<DateTimeOffset> { TypedValue = now } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// PostgreSQL's count of deadlocks in the test database. A backend reports its counts when it has been idle a
    /// moment or when it exits, so the service's pooled connections are closed first and their backends waited for
    /// (all but the listener, which runs no transactions).
    /// </summary>
    private async Task<long> Deadlocks()
    {
        app.Services.GetRequiredService<NpgsqlDataSource>().Clear();
        await using var db = await SchemaConnection.Open(app.Schema);
        var waited = Stopwatch.StartNew();
        while (await db.Scalar<long>($"""
            SELECT count(*) FROM pg_stat_activity
             WHERE application_name = '{app.ApplicationName}' AND query NOT LIKE 'LISTEN%'
            """) > 0)
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("the service's connections did not close");
            app.Services.GetRequiredService<NpgsqlDataSource>().Clear();
            await Task.Delay(50);
        }
        await db.Execute("SELECT pg_stat_clear_snapshot()");
        return await db.Scalar<long>("SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
    }
}

/// <summary>No other test class runs beside <see cref="LockOrderTests"/>: it reads a database-wide counter.</summary>
[CollectionDefinition(nameof(LockOrderTests), DisableParallelization = true)]
public sealed class LockOrderTestsRunAlone;
