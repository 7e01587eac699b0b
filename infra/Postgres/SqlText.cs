using System.Reflection;

namespace Sluice.Infra.Postgres;

/// <summary>
/// Every SQL statement of the store, loaded once from the embedded .sql files. The only SQL written in C# is the
/// migrator's bookkeeping (its lock, schema and version table).
/// </summary>
internal static class SqlText
{
    private static readonly string AppendGuarded = Load("Sql.append_guarded.sql");
    public static readonly string AppendEvents = Load("Sql.append_events.sql").Replace("{append_guarded}", AppendGuarded, StringComparison.Ordinal);
    public static readonly string AppendEventsIfQueue = Load("Sql.append_events_if_queue.sql").Replace("{append_guarded}", AppendGuarded, StringComparison.Ordinal);
    public static readonly string Commit = Load("Sql.commit.sql");
    public static readonly string LoadQueueShared = Load("Sql.load_queue_shared.sql");
    public static readonly string LoadQueueExclusive = Load("Sql.load_queue_exclusive.sql");
    public static readonly string GetQueue = Load("Sql.get_queue.sql");
    public static readonly string AdvanceHead = Load("Sql.advance_head.sql");
    public static readonly string LockClaimable = Load("Sql.lock_claimable.sql");
    public static readonly string ClaimMessages = Load("Sql.claim_messages.sql").Replace("{lock_claimable}", LockClaimable, StringComparison.Ordinal);

    public static readonly string LockMessages = Load("Sql.lock_messages.sql");
    public static readonly string DeleteMessages = Load("Sql.delete_messages.sql").Replace("{lock_messages}", LockMessages, StringComparison.Ordinal);
    public static readonly string LockClaim = Load("Sql.lock_claim.sql");
    public static readonly string ReadMessages = Load("Sql.read_messages.sql");
    public static readonly string ListMessages = Load("Sql.list_messages.sql");
    public static readonly string GetClaim = Load("Sql.get_claim.sql");
    public static readonly string ReadClaimMessages = Load("Sql.read_claim_messages.sql");
    public static readonly string QueueStats = Load("Sql.queue_stats.sql");
    public static readonly string QueueOldest = Load("Sql.queue_oldest.sql");
    public static readonly string QueueNewest = Load("Sql.queue_newest.sql");
    public static readonly string ListQueues = Load("Sql.list_queues.sql");
    public static readonly string CountQueues = Load("Sql.count_queues.sql");
    public static readonly string FindExpired = Load("Sql.find_expired.sql");
    public static readonly string LockExpiredMessages = Load("Sql.lock_expired_messages.sql");
    public static readonly string LockExpiredClaims = Load("Sql.lock_expired_claims.sql");
    public static readonly string Ping = Load("Sql.ping.sql");
    public static readonly string StaleStatistics = Load("Sql.stale_statistics.sql");
    public static readonly string RegisterWaiter = Load("Sql.register_waiter.sql");
    public static readonly string NextAvailable = Load("Sql.next_available.sql");
    public static readonly string ForgetWaiters = Load("Sql.forget_waiters.sql");
    public static readonly string ReadQueueEvents = Load("Sql.read_queue_events.sql");
    public static readonly string PendingQueueEvents = Load("Sql.pending_queue_events.sql");
    public static readonly string ReadTenantEvents = Load("Sql.read_tenant_events.sql");
    public static readonly string PendingTenantEvents = Load("Sql.pending_tenant_events.sql");
    public static readonly string MessageHistory = Load("Sql.message_history.sql");
    public static readonly string FindIdempotencyKey = Load("Sql.find_idempotency_key.sql");
    public static readonly string RememberIdempotencyKey = Load("Sql.remember_idempotency_key.sql");
    public static readonly string ForgetIdempotencyKeys = Load("Sql.forget_idempotency_keys.sql");
    public static readonly string LoadSubscriptions = Load("Sql.load_subscriptions.sql");
    public static readonly string GetSubscription = Load("Sql.get_subscription.sql");
    public static readonly string ListSubscriptions = Load("Sql.list_subscriptions.sql");
    public static readonly string FindExpiredSubscriptions = Load("Sql.find_expired_subscriptions.sql");
    public static readonly string FollowSubscriptions = Load("Sql.follow_subscriptions.sql");
    public static readonly string LeaseNotifications = Load("Sql.lease_notifications.sql");
    public static readonly string SettleNotifications = Load("Sql.settle_notifications.sql");
    public static readonly string DropProjections = Load("Sql.drop_projections.sql");
    public static readonly string RebuildProjections = Load("Sql.rebuild_projections.sql");

    /// <summary>The versioned migrations, in name order: each runs once.</summary>
    public static IReadOnlyList<(string Name, string Sql)> Migrations() => Folder("Migrations");

    /// <summary>The projection functions and trigger, in name order: CREATE OR REPLACE, re-applied when they change.</summary>
    public static IReadOnlyList<(string Name, string Sql)> Functions() => Folder("Functions");

    private static IReadOnlyList<(string Name, string Sql)> Folder(string folder)
    {
        var prefix = $"Sluice.Infra.Postgres.{folder}.";
        return [.. typeof(SqlText).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => (n[prefix.Length..], Load(n[("Sluice.Infra.Postgres.".Length)..])))];
    }

    private static string Load(string name)
    {
        using var stream = typeof(SqlText).Assembly.GetManifestResourceStream("Sluice.Infra.Postgres." + name)
            ?? throw new InvalidOperationException($"Missing embedded SQL '{name}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
