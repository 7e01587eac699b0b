using System.Text.Json;
using Npgsql;
using Sluice.Infra.Postgres;

namespace Sluice.Infra.Waiting;

/// <summary>The PostgreSQL side of long polling: registering a wait, when time alone frees a message, the wake-ups.</summary>
public sealed class QueueWaits(NpgsqlDataSource dataSource, SluiceOptions options, QueueSignals signals, Notifications.NotificationWakeup wakeup)
{
    public const string Channel = "sluice_available";

    /// <summary>
    /// Registers a wait on the queue until <paramref name="until"/>. When this returns, every writer that made
    /// messages of the queue claimable either has committed or will notify: a read after it misses nothing.
    /// </summary>
    public async Task Register(string tenant, string queue, Wanting wanting, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.RegisterWaiter).With(tenant).With(queue).With(until.Utc()).With(Kind(wanting));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The registration kind: stream readers wake on any event, claims and listings on claimable messages.</summary>
    public static string Kind(Wanting wanting) => wanting == Wanting.Events ? "events" : "messages";

    /// <summary>
    /// The first moment after <paramref name="after"/> a message of the queue becomes claimable by time alone; the
    /// caller passes the time its attempt looked, so a moment that came since is still found.
    /// </summary>
    public async Task<DateTimeOffset?> NextAvailable(string tenant, string queue, DateTimeOffset after, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.NextAvailable).With(tenant).With(queue).With(after.Utc());
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is DateTime next
            ? new DateTimeOffset(next, TimeSpan.Zero)
            : null;
    }

    /// <summary>Drops registrations that ended before <paramref name="before"/>.</summary>
    public async Task<int> Forget(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.ForgetWaiters).With(before.Utc());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Listens on one connection until cancelled, passing each notification for this schema to the signals. Every
    /// waiter is woken once listening starts, since signals sent before then were not heard.
    /// </summary>
    public async Task Listen(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        connection.Notification += (_, e) => Dispatch(e.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN " + Channel, connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        signals.SignalAll();
        while (true) await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Dispatch(string payload)
    {
        try
        {
            using var json = JsonDocument.Parse(payload);
            var root = json.RootElement;
            if (root.GetProperty("s").GetString() != options.Schema) return;
            if (root.TryGetProperty("k", out var kind) && kind.GetString() == "push")
            {
                wakeup.Signal();
                return;
            }
            signals.Signal(root.GetProperty("t").GetString()!, root.GetProperty("q").GetString()!, root.GetProperty("n").GetInt64());
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            // Not one of ours (anyone may NOTIFY on the channel): nothing to wake.
        }
    }
}
