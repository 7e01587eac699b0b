using Npgsql;
using Sluice.Domain.Subscriptions;
using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Ports;

namespace Sluice.Infra.Postgres;

/// <summary>Row readers shared by the session and the reader; column order is fixed by the .sql files.</summary>
internal static class Reads
{
    /// <summary>Columns: id, position, item, live claim id, claim_count, ttl, created, body.</summary>
    public static async ValueTask<IReadOnlyList<MessageView>> Messages(NpgsqlCommand command, int capacity, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await Messages(reader, capacity, cancellationToken);
    }

    /// <summary>The rows of the reader's current result.</summary>
    public static async ValueTask<IReadOnlyList<MessageView>> Messages(NpgsqlDataReader reader, int capacity, CancellationToken cancellationToken)
    {
        var found = new List<MessageView>(capacity);
        while (await reader.ReadAsync(cancellationToken))
        {
            ClaimId? claim = reader.IsDBNull(3) ? null : new ClaimId(reader.GetGuid(3));
            found.Add(new MessageView(
                new MessageId(reader.GetGuid(0)), new QueuePlace(reader.GetInt64(1), reader.GetInt32(2)), claim, reader.GetInt64(4), reader.GetInt32(5),
                reader.Time(6), reader.GetFieldValue<byte[]>(7)));
        }
        return found;
    }

    /// <summary>Columns: id, ttl, grace, updated.</summary>
    public static ClaimState Claim(NpgsqlDataReader reader) =>
        new(new ClaimId(reader.GetGuid(0)), reader.GetInt32(1), reader.GetInt32(2), reader.Time(3));

    /// <summary>A subscription row: id, subscriber, ttl, options, confirmed, updated, expires.</summary>
    public static async ValueTask<List<Subscription>> Subscriptions(NpgsqlCommand command, int capacity, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<Subscription>(capacity);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(new Subscription(new SubscriptionId(reader.GetGuid(0)), reader.GetString(1), reader.GetInt32(2), reader.GetString(3),
                reader.GetBoolean(4), reader.Time(5), reader.Time(6)));
        }
        return found;
    }
}
