using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Sluice.Benchmarks;

/// <summary>
/// The baseline: the same work as plain Npgsql statements on the same PostgreSQL, in a table of its own
/// (schema <c>rawbench</c>), autocommit, synchronous_commit left on. One NpgsqlConnection per worker.
/// </summary>
internal sealed class RawBackend(NpgsqlDataSource dataSource) : IBackend<long>
{
    public const string Setup = """
        CREATE SCHEMA IF NOT EXISTS rawbench;
        DROP TABLE IF EXISTS rawbench.messages;
        CREATE TABLE rawbench.messages (
            id bigserial,
            queue text NOT NULL,
            body jsonb NOT NULL,
            client_id uuid NOT NULL,
            created timestamptz NOT NULL,
            expires timestamptz NOT NULL,
            claim_id uuid,
            claim_expires timestamptz,
            -- One index, in claim order: with a second one on id alone, rows left from earlier rounds made the planner
            -- walk that index from the oldest row of any queue and filter out hundreds of thousands per claim.
            PRIMARY KEY (queue, id)
        );
        """;

    public string Name => "raw";

    public async Task<IQueueClient<long>> Connect(string project, CancellationToken ct)
    {
        var client = new RawClient(dataSource);
        await client.Open(ct);
        return client;
    }

    public Task CreateQueue(string project, string queue, CancellationToken ct) => Task.CompletedTask;

    public async Task BeforeDrain(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("ANALYZE rawbench.messages");
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task Purge(string project, string queue, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("DELETE FROM rawbench.messages WHERE queue = $1");
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = queue });
        await cmd.ExecuteNonQueryAsync(ct);
    }

    public async Task<long?> Remaining(string project, string queue, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT count(*) FROM rawbench.messages WHERE queue = $1");
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = queue });
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }
}

internal sealed class RawClient(NpgsqlDataSource dataSource) : IQueueClient<long>
{
    private const string InsertSql = """
        INSERT INTO rawbench.messages (queue, body, client_id, created, expires)
        SELECT $1, b, $2, now(), now() + interval '3600 s' FROM unnest($3::jsonb[]) AS u(b)
        RETURNING id
        """;

    // The claim of the brief, `UPDATE … WHERE id IN (SELECT id … ORDER BY id LIMIT n FOR UPDATE SKIP LOCKED)`, made
    // immune to the planner, because a baseline that collapses is no yardstick:
    // - the limit is a constant (one prepared statement per limit): with LIMIT $3, the generic plan a prepared
    //   statement switches to after five runs assumes 10% of the table and hash-joins a sequential scan of it;
    // - the rows are updated by ctid (a TID scan) from an InitPlan: with statistics taken before the queue was filled
    //   (autovacuum analyzes a minute later at best), `id IN (subquery)` became a nested-loop semi join that ran the
    //   locking subquery once per row of the table (minutes per claim), and `id = ANY (ARRAY(…))` a scan of the whole
    //   queue. The ctid of a row this statement has locked cannot change before its UPDATE.
    private const string ClaimSql = """
        UPDATE rawbench.messages SET claim_id = $1, claim_expires = now() + interval '300 s'
        WHERE ctid = ANY (ARRAY(SELECT ctid FROM rawbench.messages
                                WHERE queue = $2 AND expires > now() AND (claim_id IS NULL OR claim_expires < now())
                                ORDER BY id LIMIT @limit FOR UPDATE SKIP LOCKED))
        RETURNING id, body
        """;

    private const string DeleteManySql = "DELETE FROM rawbench.messages WHERE queue = $1 AND id = ANY($2)";
    private const string DeleteOneSql = "DELETE FROM rawbench.messages WHERE queue = $1 AND id = $2 AND claim_id = $3";

    private readonly Guid _clientId = Guid.NewGuid();
    private NpgsqlConnection? _connection;
    private NpgsqlCommand _insert = null!;
    private readonly Dictionary<int, NpgsqlCommand> _claims = [];
    private NpgsqlCommand _deleteMany = null!;
    private NpgsqlCommand _deleteOne = null!;

    public async Task Open(CancellationToken ct)
    {
        _connection = await dataSource.OpenConnectionAsync(ct);
        _insert = Command(InsertSql, NpgsqlDbType.Text, NpgsqlDbType.Uuid, NpgsqlDbType.Array | NpgsqlDbType.Jsonb);
        _deleteMany = Command(DeleteManySql, NpgsqlDbType.Text, NpgsqlDbType.Array | NpgsqlDbType.Bigint);
        _deleteOne = Command(DeleteOneSql, NpgsqlDbType.Text, NpgsqlDbType.Bigint, NpgsqlDbType.Uuid);
        foreach (var cmd in (NpgsqlCommand[])[_insert, _deleteMany, _deleteOne]) await cmd.PrepareAsync(ct);
    }

    private async Task<NpgsqlCommand> ClaimCommand(int limit, CancellationToken ct)
    {
        if (_claims.TryGetValue(limit, out var cmd)) return cmd;
        cmd = Command(ClaimSql.Replace("@limit", limit.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), NpgsqlDbType.Uuid, NpgsqlDbType.Text);
        await cmd.PrepareAsync(ct);
        _claims[limit] = cmd;
        return cmd;
    }

    private NpgsqlCommand Command(string sql, params NpgsqlDbType[] types)
    {
        var cmd = new NpgsqlCommand(sql, _connection);
        foreach (var type in types) cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = type });
        return cmd;
    }

    /// <summary>After a failure that broke the connection, the next operation opens a new one.</summary>
    private async Task EnsureOpen(CancellationToken ct)
    {
        if (_connection is { FullState: System.Data.ConnectionState.Open }) return;
        await DisposeAsync();
        await Open(ct);
    }

    public async Task<List<long>> Post(string queue, int count, long ticks, CancellationToken ct)
    {
        await EnsureOpen(ct);
        var bodies = new string[count];
        var text = Bodies.Text(ticks);
        Array.Fill(bodies, text);
        _insert.Parameters[0].Value = queue;
        _insert.Parameters[1].Value = _clientId;
        _insert.Parameters[2].Value = bodies;
        var ids = new List<long>(count);
        await using (var reader = await _insert.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct)) ids.Add(reader.GetInt64(0));
        }
        if (ids.Count != count) throw new BenchFailureException("insert returned a wrong number of ids");
        return ids;
    }

    public async Task<List<ClaimedMessage<long>>> Claim(string queue, int limit, CancellationToken ct)
    {
        await EnsureOpen(ct);
        var claimId = Guid.NewGuid();
        var claim = await ClaimCommand(limit, ct);
        claim.Parameters[0].Value = claimId;
        claim.Parameters[1].Value = queue;
        var messages = new List<ClaimedMessage<long>>(limit);
        await using (var reader = await claim.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                messages.Add(new ClaimedMessage<long>(reader.GetInt64(0), null, claimId, Bodies.TicksOf(reader.GetString(1))));
            }
        }
        return messages;
    }

    public async Task DeleteMany(string queue, List<long> ids, CancellationToken ct)
    {
        await EnsureOpen(ct);
        _deleteMany.Parameters[0].Value = queue;
        _deleteMany.Parameters[1].Value = ids.ToArray();
        await _deleteMany.ExecuteNonQueryAsync(ct);
    }

    public async Task DeleteOne(string queue, ClaimedMessage<long> message, CancellationToken ct)
    {
        await EnsureOpen(ct);
        _deleteOne.Parameters[0].Value = queue;
        _deleteOne.Parameters[1].Value = message.Id;
        _deleteOne.Parameters[2].Value = message.ClaimId;
        if (await _deleteOne.ExecuteNonQueryAsync(ct) != 1) throw new BenchFailureException("raw delete matched no row");
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is null) return;
        foreach (var cmd in (NpgsqlCommand?[])[_insert, _deleteMany, _deleteOne, .. _claims.Values])
        {
            if (cmd is not null) await cmd.DisposeAsync();
        }
        _claims.Clear();
        await _connection.DisposeAsync();
        _connection = null;
    }
}
