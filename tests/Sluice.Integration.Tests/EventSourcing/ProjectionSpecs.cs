using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Subscriptions;
using Sluice.Domain.Tenancy;
using Sluice.Infra.Serialization;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.EventSourcing;

/// <summary>
/// What each event means for state, specified where it is defined: the projection production runs
/// (Functions/02_apply_event.sql). Given events appended through the real store, then these rows.
/// </summary>
public sealed partial class ProjectionSpecs(SluiceApp app) : IClassFixture<SluiceApp>
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly QueueName Q = new("specs");
    private static readonly QueueName Dlq = new("specs-dlq");

    private readonly TenantId _tenant = new("spec-" + Guid.NewGuid().ToString("N")[..10]);

    [Fact]
    public async Task Given_a_post_of_three_messages_Then_one_event_row_and_three_message_rows_in_posted_order_each_with_its_own_body()
    {
        var (m1, m2, m3) = (MessageId.New(), MessageId.New(), MessageId.New());
        await Given(
            new QueueEvent.QueueCreated(QueueMetadata.Empty, T0),
            new QueueEvent.MessagesPosted("client-1", [Posted(m1, "{\"a\": 1}", 300, 0), Posted(m2, "\"two\"", 60, 30), Posted(m3, "[ 3 ]", 120, 0)], T0));

        Assert.Equal(2L, await Count("SELECT count(*) FROM events WHERE tenant_id = $1"));
        var rows = await Messages();
        Assert.Equal([m1, m2, m3], rows.Select(r => r.Id));
        Assert.Single(rows.Select(r => r.Position).Distinct());
        Assert.Equal([0, 1, 2], rows.Select(r => r.Item));
        Assert.Equal(["{\"a\": 1}", "\"two\"", "[ 3 ]"], rows.Select(r => r.Body));
        Assert.All(rows, r => Assert.Equal("client-1", r.ClientId));
        Assert.Equal([300, 60, 120], rows.Select(r => r.Ttl));
        Assert.Equal([T0.AddSeconds(300), T0.AddSeconds(60), T0.AddSeconds(120)], rows.Select(r => r.Expires));
        Assert.Equal([T0, T0.AddSeconds(30), T0], rows.Select(r => r.AvailableAt));
        Assert.All(rows, r => Assert.Equal((null, null, 0L), (r.Claim, r.ClaimExpires, r.ClaimCount)));
    }

    [Fact]
    public async Task Given_a_claim_Then_a_message_expiring_first_lives_to_claim_expiry_plus_grace_and_one_outliving_it_keeps_its_expiry()
    {
        var (shortLived, longLived, free) = (MessageId.New(), MessageId.New(), MessageId.New());
        var claim = ClaimId.New();
        await Given(
            new QueueEvent.QueueCreated(QueueMetadata.Empty, T0),
            new QueueEvent.MessagesPosted("c", [Posted(shortLived, "1", 100, 0), Posted(longLived, "2", 3600, 0), Posted(free, "3", 100, 0)], T0),
            new QueueEvent.MessagesClaimed(claim, [shortLived, longLived], 300, 60, true, T0.AddSeconds(10)));

        var rows = (await Messages()).ToDictionary(r => r.Id);
        Assert.Equal((claim.Value, T0.AddSeconds(310), 1L, 360, T0.AddSeconds(370)),
            (rows[shortLived].Claim, rows[shortLived].ClaimExpires, rows[shortLived].ClaimCount, rows[shortLived].Ttl, rows[shortLived].Expires));
        Assert.Equal((claim.Value, 1L, 3600, T0.AddSeconds(3600)),
            (rows[longLived].Claim, rows[longLived].ClaimCount, rows[longLived].Ttl, rows[longLived].Expires));
        Assert.Equal((null, 0L, T0.AddSeconds(100)), (rows[free].Claim, rows[free].ClaimCount, rows[free].Expires));
        // A claim never moves the sweeper's key (Migrations/0002).
        Assert.Equal(T0.AddSeconds(100), rows[shortLived].SweepAt);
        var (ttl, grace, updated, expires, members) = await Claim(claim);
        Assert.Equal((300, 60, T0.AddSeconds(10), T0.AddSeconds(310)), (ttl, grace, updated, expires));
        Assert.Equal([shortLived.Value, longLived.Value], members);
    }

    [Fact]
    public async Task Given_an_uncounted_claim_Then_claim_count_stays()
    {
        var m = MessageId.New();
        await Given(
            new QueueEvent.MessagesPosted("c", [Posted(m, "1", 3600, 0)], T0),
            new QueueEvent.MessagesClaimed(ClaimId.New(), [m], 300, 60, false, T0));

        Assert.Equal(0L, Assert.Single(await Messages()).ClaimCount);
    }

    [Fact]
    public async Task Given_a_renewal_Then_the_claim_restarts_and_its_messages_are_extended_again_while_another_claims_are_not()
    {
        var (mine, theirs) = (MessageId.New(), MessageId.New());
        var (claim, other) = (ClaimId.New(), ClaimId.New());
        await Given(
            new QueueEvent.MessagesPosted("c", [Posted(mine, "1", 100, 0), Posted(theirs, "2", 100, 0)], T0),
            new QueueEvent.MessagesClaimed(claim, [mine], 60, 0, false, T0),
            new QueueEvent.MessagesClaimed(other, [theirs], 60, 0, false, T0),
            new QueueEvent.ClaimRenewed(claim, 600, 120, T0.AddSeconds(50)));

        var rows = (await Messages()).ToDictionary(r => r.Id);
        Assert.Equal((T0.AddSeconds(650), 720, T0.AddSeconds(770)), (rows[mine].ClaimExpires, rows[mine].Ttl, rows[mine].Expires));
        Assert.Equal((T0.AddSeconds(60), 100, T0.AddSeconds(100)), (rows[theirs].ClaimExpires, rows[theirs].Ttl, rows[theirs].Expires));
        var (ttl, grace, updated, expires, _) = await Claim(claim);
        Assert.Equal((600, 120, T0.AddSeconds(50), T0.AddSeconds(650)), (ttl, grace, updated, expires));
    }

    [Fact]
    public async Task Given_a_release_Then_the_claim_is_gone_and_its_messages_free_keeping_ttl_expiry_and_claim_count()
    {
        var m = MessageId.New();
        var claim = ClaimId.New();
        await Given(
            new QueueEvent.MessagesPosted("c", [Posted(m, "1", 100, 0)], T0),
            new QueueEvent.MessagesClaimed(claim, [m], 300, 60, true, T0),
            new QueueEvent.ClaimReleased(claim, T0.AddSeconds(5)));

        var row = Assert.Single(await Messages());
        Assert.Equal((null, null, 1L, 360, T0.AddSeconds(360)), (row.Claim, row.ClaimExpires, row.ClaimCount, row.Ttl, row.Expires));
        Assert.Equal(0L, await Count("SELECT count(*) FROM claims WHERE tenant_id = $1"));
    }

    [Fact]
    public async Task Given_expired_claims_Then_they_are_gone_and_their_messages_free()
    {
        var m = MessageId.New();
        var claim = ClaimId.New();
        await Given(
            new QueueEvent.MessagesPosted("c", [Posted(m, "1", 3600, 0)], T0),
            new QueueEvent.MessagesClaimed(claim, [m], 60, 0, false, T0),
            new QueueEvent.ClaimsExpired([claim], T0.AddSeconds(61)));

        Assert.Null(Assert.Single(await Messages()).Claim);
        Assert.Equal(0L, await Count("SELECT count(*) FROM claims WHERE tenant_id = $1"));
    }

    [Fact]
    public async Task Given_deleted_and_expired_messages_Then_their_rows_are_gone_and_the_rest_stay()
    {
        var (deleted, expired, kept) = (MessageId.New(), MessageId.New(), MessageId.New());
        await Given(
            new QueueEvent.MessagesPosted("c", [Posted(deleted, "1", 3600, 0), Posted(expired, "2", 60, 0), Posted(kept, "3", 3600, 0)], T0),
            new QueueEvent.MessagesDeleted([deleted], null, T0),
            new QueueEvent.MessagesExpired([expired], T0.AddSeconds(61)));

        Assert.Equal([kept], (await Messages()).Select(r => r.Id));
    }

    [Fact]
    public async Task Given_a_dead_letter_move_Then_the_messages_are_in_the_target_free_with_its_ttl_from_the_move_or_their_own()
    {
        var (retimed, kept) = (MessageId.New(), MessageId.New());
        var claim = ClaimId.New();
        await Given(
            new QueueEvent.QueueCreated(QueueMetadata.Empty, T0),
            new QueueEvent.MessagesPosted("c", [Posted(retimed, "1", 3600, 0), Posted(kept, "2", 3600, 0)], T0),
            new QueueEvent.MessagesClaimed(claim, [retimed, kept], 60, 0, true, T0));
        await Given(Dlq, new QueueEvent.QueueCreated(QueueMetadata.Empty, T0));
        await Given(
            new QueueEvent.MessagesDeadLettered(Dlq, [retimed], 120, T0.AddSeconds(10)),
            new QueueEvent.MessagesDeadLettered(Dlq, [kept], null, T0.AddSeconds(10)));

        var rows = (await Messages(Dlq)).ToDictionary(r => r.Id);
        Assert.Empty(await Messages());
        Assert.Equal((null, 1L, 120, T0.AddSeconds(130), T0.AddSeconds(130)),
            (rows[retimed].Claim, rows[retimed].ClaimCount, rows[retimed].Ttl, rows[retimed].Expires, rows[retimed].SweepAt));
        Assert.Equal((null, 3600, T0.AddSeconds(3600)), (rows[kept].Claim, rows[kept].Ttl, rows[kept].Expires));
        Assert.Equal(["1", "2"], rows.Values.OrderBy(r => r.Item).Select(r => r.Body));
    }

    [Fact]
    public async Task Given_queue_events_Then_the_queue_row_follows_and_a_purge_keeps_it()
    {
        var m = MessageId.New();
        var claim = ClaimId.New();
        await Given(
            new QueueEvent.QueueCreated(QueueMetadata.FromStored("""{"a":1}"""), T0),
            new QueueEvent.QueueMetadataUpdated(QueueMetadata.FromStored("""{"b":2}"""), T0.AddSeconds(1)),
            new QueueEvent.MessagesPosted("c", [Posted(m, "1", 3600, 0)], T0),
            new QueueEvent.MessagesClaimed(claim, [m], 60, 0, false, T0),
            new QueueEvent.QueuePurged(true, false, T0.AddSeconds(2)));

        Assert.Equal("""{"b": 2}""", await Text("SELECT metadata::text FROM queues WHERE tenant_id = $1"));
        Assert.Empty(await Messages());
        Assert.Equal(0L, await Count("SELECT count(*) FROM claims WHERE tenant_id = $1"));

        await Given(new QueueEvent.QueueDeleted(T0.AddSeconds(3)));
        Assert.Equal(0L, await Count("SELECT count(*) FROM queues WHERE tenant_id = $1"));
    }

    [Fact]
    public async Task Given_subscription_events_Then_the_subscription_row_follows_them()
    {
        var (id, gone) = (SubscriptionId.New(), SubscriptionId.New());
        await Given(
            new QueueEvent.QueueCreated(QueueMetadata.Empty, T0),
            new QueueEvent.SubscriptionCreated(id, "http://a.example/hook", 600, """{"x":1}""", T0),
            new QueueEvent.SubscriptionCreated(gone, "http://b.example/hook", 600, "{}", T0),
            new QueueEvent.SubscriptionUpdated(id, "http://c.example/hook", 60, "{}", T0.AddSeconds(70), T0.AddSeconds(10)),
            new QueueEvent.SubscriptionConfirmed(id, true, T0.AddSeconds(11)),
            new QueueEvent.SubscriptionDeleted(gone, T0.AddSeconds(12)));

        await using var connection = await SchemaConnection.Open(app.Schema);
        await using var command = new NpgsqlCommand("SELECT id, subscriber, ttl, confirmed, updated, expires FROM subscriptions WHERE tenant_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _tenant.Value });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((id.Value, "http://c.example/hook", 60, true, T0.AddSeconds(10), T0.AddSeconds(70)),
            (reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2), reader.GetBoolean(3), At(reader, 4), At(reader, 5)));
        Assert.False(await reader.ReadAsync());
    }

    /// <summary>The stored names in SQL (apply_event's branches) and in C# (EventTypeNames) are the same set.</summary>
    [Fact]
    public async Task Every_stored_event_type_has_a_projection_branch_and_the_projection_knows_no_other()
    {
        var definition = await Text("SELECT pg_get_functiondef('apply_event'::regproc)");
        var branches = WhenClause().Matches(definition)
            .SelectMany(m => QuotedName().Matches(m.Groups[1].Value).Select(q => q.Groups[1].Value))
            .Order(StringComparer.Ordinal);

        Assert.Equal(EventTypeNames.All.Order(StringComparer.Ordinal), branches);
    }

    /// <summary>An append sent again (the same command's ids) finds its events in the log and changes nothing.</summary>
    [Fact]
    public async Task Given_the_same_post_and_claim_appended_twice_Then_the_log_and_the_rows_hold_them_once()
    {
        var (m1, m2) = (MessageId.New(), MessageId.New());
        var claim = ClaimId.New();
        StreamEvent[] post =
        [
            new(Q, new QueueEvent.QueueCreated(QueueMetadata.Empty, T0)),
            new(Q, new QueueEvent.MessagesPosted("c", [Posted(m1, "1", 3600, 0), Posted(m2, "2", 3600, 0)], T0)),
        ];
        StreamEvent[] pop =
        [
            new(Q, new QueueEvent.MessagesClaimed(claim, [m1], 60, 0, false, T0)),
            new(Q, new QueueEvent.MessagesDeleted([m1], claim, T0)),
        ];
        await Append(post);
        await Append(post);
        await Append(pop);
        await Append(pop);

        Assert.Equal(4L, await Count("SELECT count(*) FROM events WHERE tenant_id = $1"));
        var left = Assert.Single(await Messages());
        Assert.Equal((m2, null, 0L, T0.AddSeconds(3600)), (left.Id, left.Claim, left.ClaimCount, left.Expires));
        Assert.Equal(1L, await Count("SELECT count(*) FROM claims WHERE tenant_id = $1"));
    }

    /// <summary>An id the log holds for another event is a fault, not a resend: the append is refused whole.</summary>
    [Fact]
    public async Task Given_a_different_post_under_an_event_id_the_log_holds_Then_the_append_is_refused_and_nothing_changes()
    {
        var (m1, m2) = (MessageId.New(), MessageId.New());
        await Given(new QueueEvent.MessagesPosted("c", [Posted(m1, "1", 3600, 0)], T0));

        var refused = await Assert.ThrowsAsync<PostgresException>(() => Append([
            new(Q, new QueueEvent.QueueMetadataUpdated(QueueMetadata.FromStored("""{"x":1}"""), T0)),
            new(Q, new QueueEvent.MessagesPosted("c", [Posted(m1, "2", 3600, 0), Posted(m2, "3", 3600, 0)], T0)),
        ]));

        Assert.Equal(PostgresErrorCodes.IntegrityConstraintViolation, refused.SqlState);
        Assert.Equal(1L, await Count("SELECT count(*) FROM events WHERE tenant_id = $1"));
        Assert.Equal([(m1, "1")], (await Messages()).Select(r => (r.Id, r.Body)));
    }

    private static PostedMessage Posted(MessageId id, string body, int ttl, int delay) => new(id, Encoding.UTF8.GetBytes(body), ttl, delay);

    private Task Given(params QueueEvent[] events) => Given(Q, events);

    /// <summary>Each event appended by its own command, as the service appends them.</summary>
    private async Task Given(QueueName queue, params QueueEvent[] events)
    {
        foreach (var e in events) await Append([new StreamEvent(queue, e)]);
    }

    private async Task Append(StreamEvent[] events)
    {
        var store = app.Services.GetRequiredService<IQueueStore>();
        await using var session = await store.Begin(_tenant, CancellationToken.None);
        await session.Commit(events, CancellationToken.None);
    }

    private sealed record MessageRow(
        MessageId Id, long Position, int Item, string ClientId, int Ttl, DateTimeOffset Expires, DateTimeOffset AvailableAt,
        Guid? Claim, DateTimeOffset? ClaimExpires, long ClaimCount, DateTimeOffset SweepAt, string Body);

    /// <summary>The queue's messages rows in queue order, each with its body as the service reads it.</summary>
    private async Task<List<MessageRow>> Messages(QueueName? queue = null)
    {
        await using var connection = await SchemaConnection.Open(app.Schema);
        await using var command = new NpgsqlCommand("""
            SELECT m.id, m.position, m.item, m.client_id, m.ttl, m.expires, m.available_at, m.claim_id, m.claim_expires, m.claim_count,
                   m.sweep_at, convert_from(message_body(e.body, m.body_from, m.body_size), 'UTF8')
              FROM messages m JOIN events e ON e.tenant_id = m.tenant_id AND e.tx_id = m.tx_id AND e.position = m.position
             WHERE m.tenant_id = $1 AND m.queue_name = $2
             ORDER BY m.position, m.item
            """, connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _tenant.Value });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = (queue ?? Q).Value });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<MessageRow>();
        while (await reader.ReadAsync())
        {
            var claim = await reader.IsDBNullAsync(7) ? (Guid?)null : reader.GetGuid(7);
            var claimExpires = await reader.IsDBNullAsync(8) ? (DateTimeOffset?)null : At(reader, 8);
            rows.Add(new MessageRow(new MessageId(reader.GetGuid(0)), reader.GetInt64(1), reader.GetInt32(2), reader.GetString(3), reader.GetInt32(4),
                At(reader, 5), At(reader, 6), claim, claimExpires, reader.GetInt64(9), At(reader, 10), reader.GetString(11)));
        }
        return rows;
    }

    private async Task<(int Ttl, int Grace, DateTimeOffset Updated, DateTimeOffset Expires, Guid[] Members)> Claim(ClaimId claim)
    {
        await using var connection = await SchemaConnection.Open(app.Schema);
        await using var command = new NpgsqlCommand("SELECT ttl, grace, updated, expires, message_ids FROM claims WHERE tenant_id = $1 AND id = $2", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _tenant.Value });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = claim.Value });
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), "no claims row");
        return (reader.GetInt32(0), reader.GetInt32(1), At(reader, 2), At(reader, 3), await reader.GetFieldValueAsync<Guid[]>(4));
    }

    private static DateTimeOffset At(NpgsqlDataReader reader, int column) => new(reader.GetDateTime(column), TimeSpan.Zero);

    private async Task<long> Count(string sql) => (long)(await Scalar(sql))!;

    private async Task<string> Text(string sql) => (string)(await Scalar(sql))!;

    private async Task<object?> Scalar(string sql)
    {
        await using var connection = await SchemaConnection.Open(app.Schema);
        await using var command = new NpgsqlCommand(sql, connection);
        if (sql.Contains("$1", StringComparison.Ordinal)) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _tenant.Value });
        return await command.ExecuteScalarAsync();
    }

    [GeneratedRegex(@"WHEN\s+((?:'[^']+'\s*,?\s*)+)THEN")]
    private static partial Regex WhenClause();

    [GeneratedRegex(@"'([^']+)'")]
    private static partial Regex QuotedName();
}
