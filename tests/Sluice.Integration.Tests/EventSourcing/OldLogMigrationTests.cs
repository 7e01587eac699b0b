using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Sluice.Infra.Postgres;
using Sluice.Integration.Tests.Harness;
using Sluice.Integration.Tests.Support;

namespace Sluice.Integration.Tests.EventSourcing;

/// <summary>
/// A log written by the first version of the event model (one message-posted.v1 event per message, schema up to
/// Migrations/0013) is migrated at start-up and stays whole: its messages list, claim and delete with their bodies, a
/// claim it holds still holds them, history and streams read its events as posts of one message, new posts queue
/// behind it, and a replay gives back the same rows.
/// </summary>
public sealed class OldLogMigrationTests(OldLogMigrationTests.OldLogApp app) : IClassFixture<OldLogMigrationTests.OldLogApp>
{
    private const string Project = "old-project";

    [Fact]
    public async Task Given_an_old_log_When_migrated_Then_its_messages_list_in_order_with_their_bodies_and_new_posts_follow()
    {
        using var api = app.Api(Project);
        var old = app.Seeded["legacy-list"];
        var listed = await api.Get("/v2/queues/legacy-list/messages?echo=true&include_claimed=true");
        Assert.Equal(old.Messages.Select(m => m.Id), Ids(listed.Json!));
        Assert.Equal(old.Messages.Select(m => m.Body), Bodies(listed.Json!));
    }

    [Fact]
    public async Task Given_an_old_log_When_new_posts_follow_Then_pages_by_marker_run_through_old_and_new_messages()
    {
        using var api = app.Api(Project);
        var queue = "legacy-paged";
        var old = app.Seeded[queue];
        var added = await api.PostMessages(queue, "\"new-1\"", "\"new-2\"");

        var seen = new List<string>();
        var path = $"/v2/queues/{queue}/messages?echo=true&include_claimed=true&limit=2";
        for (var page = 0; page < 5; page++)
        {
            var reply = await api.Get(path);
            if (reply.Status == HttpStatusCode.NoContent || Ids(reply.Json!).Count == 0) break;
            seen.AddRange(Ids(reply.Json!));
            path = reply.Json!["links"]![0]!["href"]!.GetValue<string>();
        }

        Assert.Equal([.. old.Messages.Select(m => m.Id), .. added], seen);
    }

    [Fact]
    public async Task Given_an_old_claim_When_migrated_Then_it_still_holds_its_message_and_a_new_claim_takes_the_rest()
    {
        using var api = app.Api(Project);
        var queue = "legacy-claims";
        var old = app.Seeded[queue];

        var held = await api.Get($"/v2/queues/{queue}/claims/{old.Claim}");
        Assert.Equal(HttpStatusCode.OK, held.Status);
        Assert.Equal([old.Messages[0].Id], held.Json!["messages"]!.AsArray().Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal(old.Messages[0].Body, held.Json!["messages"]![0]!["body"]!.ToJsonString());

        var (_, claimed) = await api.Claim(queue, limit: 10);
        Assert.Equal(old.Messages.Skip(1).Select(m => m.Id), claimed.Select(m => m!["id"]!.GetValue<string>()));
        Assert.Equal(old.Messages.Skip(1).Select(m => m.Body), claimed.Select(m => m!["body"]!.ToJsonString()));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Delete($"/v2/queues/{queue}/messages/{old.Messages[0].Id}?claim_id={old.Claim}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await api.Get($"/v2/queues/{queue}/messages/{old.Messages[0].Id}")).Status);
    }

    [Fact]
    public async Task Given_an_old_log_When_its_history_and_stream_are_read_Then_old_posts_read_as_posts_of_one_message()
    {
        using var api = app.Api(Project);
        var queue = "legacy-read";
        var old = app.Seeded[queue];

        var history = (await api.Get($"/v2/queues/{queue}/messages/{old.Messages[0].Id}/history")).Json!["history"]!.AsArray();
        Assert.Equal(["posted", "claimed"], history.Select(h => h!["type"]!.GetValue<string>()));
        Assert.Equal((queue, "c-old", 3600, 0),
            (history[0]!["queue"]!.GetValue<string>(), history[0]!["client_id"]!.GetValue<string>(), history[0]!["ttl"]!.GetValue<int>(), history[0]!["delay"]!.GetValue<int>()));
        Assert.Equal(old.Claim, history[1]!["claim_id"]!.GetValue<string>());

        var events = await EventWire.ReadAll(api, $"/v2/queues/{queue}/events?limit=100", expected: 5);
        Assert.Equal(["queue-created", "messages-posted", "messages-posted", "messages-posted", "messages-claimed"], events.Select(e => e["type"]!.GetValue<string>()));
        var posts = events.Where(e => e["type"]!.GetValue<string>() == "messages-posted").Select(e => e["data"]!["messages"]!.AsArray().Single()!).ToList();
        Assert.Equal(old.Messages.Select(m => m.Id), posts.Select(p => p["id"]!.GetValue<string>()));
        Assert.Equal(old.Messages.Select(m => m.Body), posts.Select(p => p["body"]!.ToJsonString()));
    }

    [Fact]
    public async Task Given_a_migrated_old_log_When_the_projections_are_replayed_Then_every_row_is_the_same()
    {
        var queue = "legacy-replay";
        using (var api = app.Api(Project)) await api.PostMessages(queue, "\"after\"", "{\"n\": 2}");
        var before = await Snapshot();

        await app.Services.GetRequiredService<ProjectionRebuilder>().Rebuild(CancellationToken.None);

        Assert.Equal(before, await Snapshot());
        using var reader = app.Api(Project);
        var gone = (await reader.Get($"/v2/queues/{queue}/messages/{app.Gone}/history")).Json!["history"]!.AsArray();
        Assert.Equal(["posted", "deleted"], gone.Select(h => h!["type"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.Get($"/v2/queues/{queue}/messages/{app.Gone}")).Status);
    }

    private static List<string> Ids(JsonNode page) => [.. page["messages"]!.AsArray().Select(m => m!["id"]!.GetValue<string>())];

    private static List<string> Bodies(JsonNode page) => [.. page["messages"]!.AsArray().Select(m => m!["body"]!.ToJsonString())];

    private async Task<string> Snapshot()
    {
        var parts = await ProjectionRows.Read(app.Schema);
        Assert.Contains(parts, p => p.Contains("\"body_size\": null", StringComparison.Ordinal));
        return string.Join('\n', parts);
    }

    /// <summary>
    /// The service over a schema made by the migrations up to 0013 and filled as the first version of the event model
    /// wrote it (events and projection rows alike), before the service starts and migrates it.
    /// </summary>
    public sealed class OldLogApp : SluiceApp
    {
        /// <summary>Each queue the old log holds: its three messages (id, body) in posted order, the first under the claim.</summary>
        public Dictionary<string, (IReadOnlyList<(string Id, string Body)> Messages, string Claim)> Seeded { get; } = [];

        public override async Task InitializeAsync()
        {
            await using (var connection = await SchemaConnection.Open(Schema))
            {
                await connection.Execute($"CREATE SCHEMA IF NOT EXISTS {Schema}; CREATE TABLE {Schema}.schema_version (version text PRIMARY KEY, applied timestamptz NOT NULL DEFAULT now())");
                var prefix = "Sluice.Infra.Postgres.Migrations.";
                var old = typeof(ProjectionRebuilder).Assembly.GetManifestResourceNames()
                    .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(n[prefix.Length..], "0014") < 0)
                    .Order(StringComparer.Ordinal);
                foreach (var name in old)
                {
                    await connection.Execute(ServiceSql.Text(name["Sluice.Infra.Postgres.".Length..]));
                    await connection.Execute($"INSERT INTO schema_version (version) VALUES ('{name[prefix.Length..]}'), ('functions:first-version') ON CONFLICT DO NOTHING");
                }
                // The indexes the first version's 0006 made (it makes none now: 0015 replaces them).
                await connection.Execute("""
                    CREATE INDEX events_posted_message ON events USING brin (event_id) WHERE type = 'message-posted.v1';
                    CREATE INDEX events_message_refs ON events USING gin (data jsonb_path_ops) WHERE type <> 'message-posted.v1'
                    """);
            }
            foreach (var queue in (string[])["legacy-list", "legacy-paged", "legacy-claims", "legacy-read", "legacy-replay"]) await Seed(queue);
            await SeedGone("legacy-replay");
            await base.InitializeAsync();
        }

        /// <summary>
        /// Writes <paramref name="queue"/> as the first version did: created, three messages posted one event each, the
        /// first claimed; with the rows its projection made.
        /// </summary>
        private async Task Seed(string queue)
        {
            IReadOnlyList<(string Id, string Body)> messages =
                [(Guid.CreateVersion7().ToString(), "{\"n\":1}"), (Guid.CreateVersion7().ToString(), "[1,2]"), (Guid.CreateVersion7().ToString(), "\"three\"")];
            var claim = Guid.CreateVersion7().ToString();
            Seeded[queue] = (messages, claim);
            await using var connection = await SchemaConnection.Open(Schema);
            await using var transaction = await connection.BeginTransactionAsync();
            var now = Clock.GetUtcNow().UtcDateTime;
            await Run(connection, """
                INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
                VALUES ($1, $2, gen_random_uuid(), 'queue-created.v1', '{"metadata": {}}', NULL, $3)
                """, queue, now);
            foreach (var (id, body) in messages)
            {
                await Run(connection, $$"""
                    INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
                    VALUES ($1, $2, '{{id}}', 'message-posted.v1', '{"client_id": "c-old", "ttl": 3600, "delay": 0}', convert_to('{{body}}', 'UTF8'), $3)
                    """, queue, now);
            }
            await Run(connection, $$"""
                INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
                VALUES ($1, $2, gen_random_uuid(), 'messages-claimed.v1',
                        '{"claim": "{{claim}}", "ids": ["{{messages[0].Id}}"], "ttl": 300, "grace": 60, "counted": false}', NULL, $3)
                """, queue, now);
            // The first version's projection of these events.
            await Run(connection, """
                INSERT INTO queues (tenant_id, name, metadata, created) VALUES ($1, $2, '{}', $3);
                INSERT INTO messages (tenant_id, queue_name, id, position, client_id, ttl, created, expires, available_at, claim_count, sweep_at, tx_id)
                SELECT tenant_id, queue_name, event_id, position, data->>'client_id', 3600, created, created + interval '3600 s', created, 0,
                       created + interval '3600 s', tx_id
                  FROM events WHERE tenant_id = $1 AND queue_name = $2 AND type = 'message-posted.v1';
                """, queue, now);
            await Run(connection, $$"""
                INSERT INTO claims (tenant_id, queue_name, id, ttl, grace, updated, expires, message_ids)
                VALUES ($1, $2, '{{claim}}', 300, 60, $3, $3::timestamptz + interval '300 s', ARRAY['{{messages[0].Id}}'::uuid]);
                UPDATE messages SET claim_id = '{{claim}}', claim_expires = $3::timestamptz + interval '300 s' WHERE tenant_id = $1 AND id = '{{messages[0].Id}}';
                """, queue, now);
            await transaction.CommitAsync();
        }

        /// <summary>A message the first version posted and deleted: its events stay, its row is gone.</summary>
        private async Task SeedGone(string queue)
        {
            var id = Guid.CreateVersion7();
            Gone = id.ToString();
            await using var connection = await SchemaConnection.Open(Schema);
            await Run(connection, $$"""
                INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
                VALUES ($1, $2, '{{id}}', 'message-posted.v1', '{"client_id": "c-old", "ttl": 3600, "delay": 0}', convert_to('"gone"', 'UTF8'), $3);
                INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
                VALUES ($1, $2, gen_random_uuid(), 'messages-deleted.v1', '{"ids": ["{{id}}"], "claim": null}', NULL, $3)
                """, queue, Clock.GetUtcNow().UtcDateTime);
        }

        /// <summary>The id of the message <see cref="SeedGone"/> posted and deleted.</summary>
        public string Gone { get; private set; } = "";

        private static async Task Run(NpgsqlConnection connection, string sql, string queue, DateTime now)
        {
            await using var batch = new NpgsqlBatch(connection);
            foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // Parameters are positional: a statement gets $1 up to the highest it names.
                var command = new NpgsqlBatchCommand(statement);
                var highest = statement.Contains("$3", StringComparison.Ordinal) ? 3 : statement.Contains("$2", StringComparison.Ordinal) ? 2 : 1;
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Project });
                if (highest >= 2) command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
                if (highest >= 3) command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = now });
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync();
        }
    }
}
