using Npgsql;

namespace Sluice.Integration.Tests.Harness;

/// <summary>
/// A post appended by a transaction that stays open until <see cref="Commit"/>: the late commit that log readers must
/// wait for rather than skip (DESIGN §5). It writes the event row directly, as a slow writer's append would, in the
/// log's first version of a post (message-posted.v1, one message), which readers still read.
/// </summary>
public sealed class LatePost : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private LatePost(NpgsqlConnection connection, NpgsqlTransaction transaction) => (_connection, _transaction) = (connection, transaction);

    public static async Task<LatePost> Begin(SluiceApp app, string project, string queue, string body)
    {
        var connection = await SchemaConnection.Open(app.Schema);
        var transaction = await connection.BeginTransactionAsync();
        await using var append = new NpgsqlCommand("""
            INSERT INTO events (tenant_id, queue_name, event_id, type, data, body, created)
            VALUES ($1, $2, $4, 'message-posted.v1', '{"ttl": 300, "delay": 0, "client_id": "late-writer"}', convert_to($3, 'UTF8'), now())
            """, connection, transaction);
        append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = project });
        append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = queue });
        append.Parameters.Add(new NpgsqlParameter<string> { TypedValue = body });
        append.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() }); // the message id, as the service mints them
        await append.ExecuteNonQueryAsync();
        return new LatePost(connection, transaction);
    }

    public Task Commit() => _transaction.CommitAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
