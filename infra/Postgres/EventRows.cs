using Npgsql;
using NpgsqlTypes;
using Sluice.Domain.Ports;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;
using Sluice.Infra.Serialization;

namespace Sluice.Infra.Postgres;

/// <summary>Events as the array parameters $1..$7 of the append statements, and how an append's failure is read.</summary>
internal static class EventRows
{
    /// <summary>
    /// Binds one append. Its events' ids derive from the command's own ids, else from <paramref name="fresh"/>, a key new to
    /// this append (EventSerializer.AppendKey).
    /// </summary>
    public static void Bind(NpgsqlParameterCollection parameters, TenantId tenant, IReadOnlyList<StreamEvent> events, Guid fresh)
    {
        var key = EventSerializer.AppendKey(events, fresh);
        var n = events.Count;
        var queues = new string[n];
        var ids = new Guid[n];
        var types = new string[n];
        var data = new string[n];
        var bodies = new byte[]?[n];
        var created = new DateTime[n];
        for (var i = 0; i < n; i++)
        {
            var stored = EventSerializer.Serialize(events[i].Event, key, i);
            queues[i] = events[i].Queue.Value;
            (ids[i], types[i], data[i], bodies[i]) = (stored.EventId, stored.Type, stored.Data, stored.Body);
            created[i] = events[i].Event.At.UtcDateTime;
        }
        parameters.Add(new NpgsqlParameter<string> { TypedValue = tenant.Value });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = queues });
        parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = ids });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = types });
        parameters.Add(new NpgsqlParameter<string[]> { TypedValue = data, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        parameters.Add(new NpgsqlParameter<byte[]?[]> { TypedValue = bodies, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        parameters.Add(new NpgsqlParameter<DateTime[]> { TypedValue = created });
    }

    /// <summary>
    /// Runs an append. A unique violation can only come from a projection (an event the log already holds is skipped or
    /// refused, never a unique violation): another command created the same queue, or subscribed the same subscriber,
    /// first.
    /// </summary>
    public static async ValueTask<T> Execute<T>(Func<ValueTask<T>> batch)
    {
        try
        {
            return await batch();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ConcurrentCreationException($"Created concurrently: {e.TableName}.", e);
        }
    }
}
