using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;
using Sluice.Infra.Postgres;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.Planning;

/// <summary>
/// Issue 10, the backlog cliff: with statistics taken before a queue was filled (a queue the last ANALYZE never saw
/// is planned as a row or two), the statements that name messages by id ran as walks of the whole queue with the ids
/// as a filter, so every claim and delete of a deep backlog cost as much as the backlog. The work of a claim and a
/// delete must not depend on the queue's depth, nor on the size of the log, whatever the statistics say. Autovacuum
/// is off for this fixture's tables and the statistics job does not run, so the statistics stay as this test leaves
/// them.
/// </summary>
public sealed class Issue_10_DeepQueueTests(NamedConnectionsApp app) : IClassFixture<NamedConnectionsApp>
{
    private const int Depth = 20_000;
    private const int Cycles = 30;
    private const int Drained = 20_000;
    private const int LiveClaims = 400;
    private static readonly string[] Tables = ["messages", "claims", "events"];

    [Fact]
    public async Task Given_statistics_from_before_a_deep_queue_was_filled_When_it_is_claimed_and_deleted_Then_each_cycle_reads_a_bounded_number_of_index_entries()
    {
        await using var connection = await SchemaConnection.Open(app.Schema);
        await AutovacuumOff(connection);

        // The statistics know one small queue of another tenant: the deep queue, filled afterwards, and its tenant
        // are strangers to them.
        using (var other = app.Api())
        {
            await Parallel.ForAsync(0, 20, async (_, _) => await other.PostMessages("settled", Bodies(100)));
        }
        foreach (var table in Tables) await connection.Execute($"ANALYZE {table}");
        using var api = app.Api();
        var deep = "deep";
        await Parallel.ForAsync(0, Depth / 100, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, _) => await api.PostMessages(deep, Bodies(100)));
        Assert.Equal(Depth, await api.Total(deep));

        var before = await IndexEntriesRead(connection);
        for (var i = 0; i < Cycles; i++)
        {
            var (claim, messages) = await api.Claim(deep, limit: 10);
            Assert.NotNull(claim);
            Assert.Equal(10, messages.Count);
            var hrefs = messages.Select(m => m!["href"]!.GetValue<string>()).ToArray();
            var ids = hrefs.Select(h => h.Split('?')[0].Split('/')[^1]).ToArray();
            Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{deep}/messages?ids={string.Join(',', ids[..9])}")).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await api.Delete(hrefs[9])).Status);
        }
        var after = await IndexEntriesRead(connection);
        var byIndex = after.Select(kv => (Index: kv.Key, Read: kv.Value - before.GetValueOrDefault(kv.Key))).Where(x => x.Read > 0).ToList();
        var read = byIndex.Sum(x => x.Read);
        Assert.Equal(Depth - (Cycles * 10), await api.Total(deep));

        // A cycle names 10 messages a few times over (claim, lock, update, read with bodies, delete): under a hundred
        // entries, plus what a claim passes at the head of the queue (deleted entries that other tests' snapshots keep
        // from being skipped). A walk of the queue reads 20,000 per statement, a walk of the tenant's log up to the
        // claimed posts about 1,500 per cycle.
        Assert.True(read / Cycles < 1_000, $"{read:N0} index entries read in {Cycles} claim-and-delete cycles of a {Depth:N0}-message queue: {string.Join(", ", byIndex.Select(x => $"{x.Index} {x.Read:N0}"))}");
    }

    /// <summary>
    /// With statistics from when the tables were tiny, reading, renewing and releasing a claim descend to its row and its
    /// messages by their keys, whatever the number of live claims beside it.
    /// </summary>
    [Fact]
    public async Task Given_statistics_from_before_thousands_of_live_claims_When_claims_are_read_renewed_and_released_Then_each_reads_a_bounded_number_of_index_entries()
    {
        await using var connection = await SchemaConnection.Open(app.Schema);
        await AutovacuumOff(connection);
        using var api = app.Api();
        var queue = "claimed";
        foreach (var chunk in Enumerable.Range(0, LiveClaims * 10 / 100)) await api.PostMessages(queue, Bodies(100));
        // Statistics as of tables analyzed while they held a row: every estimate is a row or two, so the planner's choice
        // between indexes rests on which ones a statement may use at all.
        foreach (var table in (string[])["messages", "claims"])
        {
            await connection.Execute($"ANALYZE {table}");
            await connection.Execute($"UPDATE pg_class SET reltuples = 1, relpages = 1 WHERE oid = '{table}'::regclass");
        }
        var claims = new List<string>();
        for (var i = 0; i < LiveClaims; i++) claims.Add((await api.Claim(queue, limit: 10, ttl: 3600)).ClaimId!);

        var before = await IndexEntriesRead(connection);
        foreach (var claim in claims.Take(Cycles))
        {
            var read = await api.Get($"/v2/queues/{queue}/claims/{claim}");
            Assert.Equal(10, read.Json!["messages"]!.AsArray().Count);
            Assert.Equal(HttpStatusCode.NoContent, (await api.Patch($"/v2/queues/{queue}/claims/{claim}", """{"ttl":600}""", "application/json")).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{queue}/claims/{claim}")).Status);
        }
        var after = await IndexEntriesRead(connection);
        var byIndex = after.Select(kv => (Index: kv.Key, Read: kv.Value - before.GetValueOrDefault(kv.Key))).Where(x => x.Read > 0).ToList();

        // Each read, renewal and release names a claim of 10 messages a few times over: well under a hundred entries a
        // cycle. A walk of the live claims or of their messages reads 400 or 4,000 per statement.
        Assert.True(byIndex.Sum(x => x.Read) / Cycles < 300,
            $"{byIndex.Sum(x => x.Read):N0} index entries read in {Cycles} read-renew-release cycles beside {LiveClaims:N0} live claims: {string.Join(", ", byIndex.Select(x => $"{x.Index} {x.Read:N0}"))}");
    }

    [Fact]
    public async Task Given_a_drained_queue_When_its_head_has_advanced_Then_a_claim_starts_at_the_live_messages_not_at_the_deleted_ones()
    {
        await using var connection = await SchemaConnection.Open(app.Schema);
        await AutovacuumOff(connection);
        using var api = app.Api();
        var queue = "drained";
        var ids = new List<string>();
        for (var i = 0; i < Drained / 100; i++) ids.AddRange(await api.PostMessages(queue, Bodies(100)));
        // Deleted, not vacuumed: their entries stay at the start of the queue-order index.
        foreach (var chunk in ids[..(Drained - 10)].Chunk(20))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{queue}/messages?ids={string.Join(',', chunk)}")).Status);
        }
        var heads = app.Services.GetRequiredService<QueueHeads>();
        Assert.True(await heads.Advance(new TenantId(api.Project), new QueueName(queue), CancellationToken.None));

        // The claim statement as it runs, without its planning (a connection plans it only until it is prepared).
        await using (var explain = await connection.BeginTransactionAsync())
        {
            var fromHead = await ClaimPagesRead(connection, api.Project, queue);
            await connection.Execute($"DELETE FROM queue_heads WHERE tenant_id = '{api.Project}' AND queue_name = '{queue}'");
            var fromStart = await ClaimPagesRead(connection, api.Project, queue);
            // From the head: the descent to the live messages and their pages. From the queue's start: every page of
            // the deleted messages' entries too: about 160 for 19,990 of them.
            Assert.True(fromHead < 30 && fromStart > 120, $"the claim read {fromHead} pages from the head, {fromStart} from the queue's start");
            await explain.RollbackAsync();
        }

        var (claim, messages) = await api.Claim(queue, limit: 10);
        Assert.NotNull(claim);
        Assert.Equal(ids[^10..], messages.Select(m => m!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Given_a_queue_whose_head_has_advanced_When_older_messages_are_dead_lettered_into_it_Then_they_are_claimed_first()
    {
        using var api = app.Api();
        var (source, target) = ("poisoned", "dead-letters");
        Assert.Equal(HttpStatusCode.Created, (await api.Put($"/v2/queues/{source}", $$"""{"_max_claim_count": 1, "_dead_letter_queue": "{{target}}"}""")).Status);
        var poisoned = await api.PostMessages(source, Bodies(3));
        var waiting = await api.PostMessages(target, Bodies(30));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{target}/messages?ids={string.Join(',', waiting[..5])}")).Status);
        Assert.True(await app.Services.GetRequiredService<QueueHeads>().Advance(new TenantId(api.Project), new QueueName(target), CancellationToken.None));

        // Claimed once, released, then moved on the next claim: they keep their positions, older than the head.
        var (claim, _) = await api.Claim(source, limit: 3);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{source}/claims/{claim}")).Status);
        Assert.Null((await api.Claim(source, limit: 3)).ClaimId);

        var (_, first) = await api.Claim(target, limit: 3);
        Assert.Equal(poisoned, first.Select(m => m!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Given_a_dead_letter_move_in_flight_When_the_head_advances_meanwhile_Then_the_advance_does_not_write_over_it()
    {
        using var api = app.Api();
        var (source, target) = ("moving", "moved-into");
        var tenant = new TenantId(api.Project);
        var heads = app.Services.GetRequiredService<QueueHeads>();
        var gone = await api.PostMessages(target, Bodies(6));
        var moving = await api.PostMessages(source, Bodies(3));
        var staying = await api.PostMessages(target, Bodies(20));
        // The head at the target's sixth message; then that one goes too, without an advance.
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{target}/messages?ids={string.Join(',', gone[..5])}")).Status);
        Assert.True(await heads.Advance(tenant, new QueueName(target), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{target}/messages?ids={gone[5]}")).Status);

        // A move into the target, above its head, not committed yet; an advance that cannot see it finds the target's
        // oldest message above the moved ones. It waits for the move's head row and must then leave it alone.
        await using var connection = await SchemaConnection.Open(app.Schema);
        await using (var inFlight = await connection.BeginTransactionAsync())
        {
            var ids = string.Join(",", moving.Select(id => $"\"{id}\""));
            await AppendUncommitted(connection, inFlight, api.Project, source, Guid.CreateVersion7(), "messages-dead-lettered.v1",
                $$"""{"target":"{{target}}","ids":[{{ids}}],"ttl":null}""", null);
            var advance = Task.Run(() => heads.Advance(tenant, new QueueName(target), CancellationToken.None));
            await using (var watcher = await SchemaConnection.Open(app.Schema))
            {
                var deadline = Stopwatch.StartNew();
                while (!advance.IsCompleted && !await watcher.Scalar<bool>(
                           "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%Moves a queue''s head%')"))
                {
                    Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the advance neither finished nor waited");
                    await Task.Delay(10);
                }
            }
            await inFlight.CommitAsync();
            await advance;
        }

        var (_, first) = await api.Claim(target, limit: 3);
        Assert.Equal(moving, first.Select(m => m!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Given_a_post_in_flight_while_the_head_advances_When_it_commits_below_the_head_Then_it_is_still_claimed()
    {
        using var api = app.Api();
        var (late, _) = await StrandBelowHead(api, "raced", postedAfter: 0);

        // Few messages above the head: the claim reads below it too.
        var (_, claimed) = await api.Claim("raced", limit: 10, ttl: 60);
        Assert.Equal([late.ToString()], claimed.Select(m => m!["id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Given_a_message_committed_below_the_head_of_a_deep_queue_When_the_head_advances_again_Then_it_is_claimed_first()
    {
        using var api = app.Api();
        var (late, after) = await StrandBelowHead(api, "raced-deep", postedAfter: 20);

        // Below the head of a queue with enough messages above it, the late message waits for the next advance, which
        // reads the queue from its start.
        Assert.True(await app.Services.GetRequiredService<QueueHeads>().Advance(new TenantId(api.Project), new QueueName("raced-deep"), CancellationToken.None));
        var (_, claimed) = await api.Claim("raced-deep", limit: 10, ttl: 60);
        Assert.Equal([late.ToString(), .. after[..9]], claimed.Select(m => m!["id"]!.GetValue<string>()));
    }

    /// <summary>
    /// A post that has drawn its position but not committed while the messages before it go and the queue's head
    /// advances (<paramref name="postedAfter"/> more are posted meanwhile): the head moves past it, and it commits.
    /// </summary>
    private async Task<(Guid Late, string[] After)> StrandBelowHead(Api api, string queue, int postedAfter)
    {
        var first = await api.PostMessages(queue, Bodies(20));
        await using var connection = await SchemaConnection.Open(app.Schema);
        await using var inFlight = await connection.BeginTransactionAsync();
        var late = await PostUncommitted(connection, inFlight, api.Project, queue);
        var after = postedAfter > 0 ? await api.PostMessages(queue, Bodies(postedAfter)) : [];
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{queue}/messages?ids={string.Join(',', first)}")).Status);
        Assert.True(await app.Services.GetRequiredService<QueueHeads>().Advance(new TenantId(api.Project), new QueueName(queue), CancellationToken.None));
        await inFlight.CommitAsync();
        var head = await connection.Scalar<long>($"SELECT head FROM queue_heads WHERE tenant_id = '{api.Project}' AND queue_name = '{queue}'");
        var position = await connection.Scalar<long>($"SELECT position FROM messages WHERE id = '{late}'");
        Assert.True(position < head, $"the late message is at {position}, the head at {head}");
        return (late, after);
    }

    /// <summary>Posts one message through the service's append statement in the caller's transaction, left open.</summary>
    private async Task<Guid> PostUncommitted(NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string queue)
    {
        var id = Guid.CreateVersion7();
        await AppendUncommitted(connection, transaction, tenant, queue, id, "message-posted.v1", """{"client_id":"late","ttl":300,"delay":0}""", "\"late\""u8.ToArray());
        return id;
    }

    /// <summary>Appends one event through the service's append statement in the caller's transaction, left open.</summary>
    private async Task AppendUncommitted(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string tenant, string queue, Guid id, string type, string data, byte[]? body)
    {
        await using var append = new NpgsqlCommand(ServiceSql.Text("Sql.append_events.sql"), connection, transaction);
        append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        append.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [queue] });
        append.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [id] });
        append.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [type] });
        append.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [data], NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Jsonb });
        append.Parameters.Add(new NpgsqlParameter<byte[]?[]> { TypedValue = [body] });
        append.Parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = [app.Clock.GetUtcNow().UtcDateTime] });
        await append.ExecuteNonQueryAsync();
        Assert.Equal(1L, await connection.Scalar<long>($"SELECT count(*) FROM events WHERE tenant_id = '{tenant}' AND event_id = '{id}'"));
    }

    /// <summary>Pages the claim statement reads to lock 10 messages of the queue (in the caller's transaction).</summary>
    private async Task<long> ClaimPagesRead(NpgsqlConnection connection, string tenant, string queue)
    {
        await using var command = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + ServiceSql.Text("Sql.lock_claimable.sql"), connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = app.Clock.GetUtcNow().UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = 10 });
        var plan = System.Text.Json.Nodes.JsonNode.Parse((string)(await command.ExecuteScalarAsync())!)![0]!["Plan"]!;
        Assert.Equal(10, plan["Actual Rows"]!.GetValue<long>());
        return plan["Shared Hit Blocks"]!.GetValue<long>() + plan["Shared Read Blocks"]!.GetValue<long>();
    }

    /// <summary>
    /// Index entries read in this fixture's messages, claims and events tables. The service's backends count reads locally and
    /// report them when idle, on a timer, or when they end: they are ended first and waited for, so that every read they
    /// made is in the view.
    /// </summary>
    private async Task<Dictionary<string, long>> IndexEntriesRead(NpgsqlConnection connection)
    {
        await EndServiceBackends(connection);
        await using var command = new NpgsqlCommand("""
            SELECT indexrelname::text, idx_tup_read FROM pg_stat_user_indexes
             WHERE schemaname = current_schema() AND relname = ANY ($1)
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = Tables });
        await using var reader = await command.ExecuteReaderAsync();
        var read = new Dictionary<string, long>(StringComparer.Ordinal);
        while (await reader.ReadAsync()) read[reader.GetString(0)] = reader.GetInt64(1);
        return read;
    }

    /// <summary>Autovacuum off for this fixture's tables, so the statistics and dead entries stay as a test leaves them.</summary>
    private static async Task AutovacuumOff(NpgsqlConnection connection)
    {
        foreach (var table in Tables) await connection.Execute($"ALTER TABLE {table} SET (autovacuum_enabled = false)");
    }

    private static string[] Bodies(int n) => [.. Enumerable.Range(0, n).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    private async Task EndServiceBackends(NpgsqlConnection connection)
    {
        // One statement picks the service's backends, then ends exactly those.
        await using var end = new NpgsqlCommand("""
            WITH mine AS MATERIALIZED (SELECT pid FROM pg_stat_activity WHERE application_name = $1)
            SELECT coalesce(array_agg(pid), '{}') FROM mine WHERE pg_terminate_backend(pid)
            """, connection);
        end.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app.ApplicationName });
        var pids = (int[])(await end.ExecuteScalarAsync())!;
        Assert.NotEmpty(pids);
        var deadline = Stopwatch.StartNew();
        await using var alive = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY ($1)", connection);
        alive.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = pids });
        while ((long)(await alive.ExecuteScalarAsync())! > 0)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(30), "the service's backends did not end");
            await Task.Delay(20);
        }
        // Its pool still holds the ended connections: drop them, so the next request opens a live one.
        app.Services.GetRequiredService<NpgsqlDataSource>().Clear();
    }
}
