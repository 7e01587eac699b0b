using System.Collections.Concurrent;
using Npgsql;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Infra.Postgres;

/// <summary>
/// The heads (Migrations/0013) of the queues this process claims from or deletes in: each such queue's head is
/// advanced once per <see cref="SluiceOptions.HeadIntervalMilliseconds"/>, so a claim steps over at most that long's
/// worth of deleted index entries, whatever vacuum does. A head is only a hint (Sql/lock_claimable.sql).
/// </summary>
public sealed class QueueHeads(NpgsqlDataSource dataSource)
{
    private ConcurrentDictionary<(string Tenant, string Queue), bool> _touched = new();

    internal void Touch(TenantId tenant, QueueName queue) => _touched.TryAdd((tenant.Value, queue.Value), true);

    /// <summary>Advances the head of one queue; false when it did not move.</summary>
    public async Task<bool> Advance(TenantId tenant, QueueName queue, CancellationToken cancellationToken) =>
        await Advance(tenant.Value, queue.Value, cancellationToken);

    /// <summary>
    /// Advances the heads of the queues touched since the last call; returns how many moved. A queue whose advance
    /// fails stays touched for the next call, and the others are advanced all the same; the failures are thrown at the
    /// end.
    /// </summary>
    public async Task<int> AdvanceTouched(CancellationToken cancellationToken)
    {
        if (_touched.IsEmpty) return 0;
        var touched = Interlocked.Exchange(ref _touched, new());
        var moved = 0;
        List<Exception>? failed = null;
        foreach (var key in touched.Keys)
        {
            try
            {
                if (await Advance(key.Tenant, key.Queue, cancellationToken)) moved++;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                (failed ??= []).Add(e);
                _touched.TryAdd(key, true);
            }
        }
        if (failed is not null) throw new AggregateException($"{failed.Count} queue head(s) could not be advanced; they are retried on the next call.", failed);
        return moved;
    }

    private async Task<bool> Advance(string tenant, string queue, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.AdvanceHead).With(tenant).With(queue);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
