using System.Collections.Concurrent;
using Sluice.Domain.Queues;
using Sluice.Domain.Tenancy;

namespace Sluice.Infra.Postgres;

/// <summary>
/// The queues this process has seen, so a post or a claim can decide without a read. Only a hint: every use is
/// checked against the row in the same statement (append_events_if_queue.sql, claim_messages.sql), so a stale entry
/// costs a retry, never a wrong write. Bounded by clearing, which only costs reads.
/// </summary>
internal sealed class QueueCache
{
    private const int Capacity = 10_000;
    private readonly ConcurrentDictionary<(string Tenant, string Queue), QueueState.Existing> _seen = new();

    public QueueState.Existing? Get(TenantId tenant, QueueName queue) => _seen.TryGetValue((tenant.Value, queue.Value), out var q) ? q : null;

    public void Saw(TenantId tenant, QueueName queue, QueueState state)
    {
        if (state is not QueueState.Existing existing)
        {
            Forget(tenant, queue);
            return;
        }
        if (_seen.Count >= Capacity) _seen.Clear();
        _seen[(tenant.Value, queue.Value)] = existing;
    }

    public void Forget(TenantId tenant, QueueName queue) => _seen.TryRemove((tenant.Value, queue.Value), out _);
}
