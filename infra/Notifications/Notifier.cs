using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Sluice.Domain.Subscriptions;
using Sluice.Infra.Diagnostics;
using Sluice.Infra.Postgres;

namespace Sluice.Infra.Notifications;

/// <summary>What one run did.</summary>
public sealed record NotifyRun(long Made, int Delivered, int Rejected, int Retried, int GivenUp);

/// <summary>
/// Push delivery (README "Push subscriptions"), at least once: the follower fans committed posts out into the
/// notifications outbox (Functions/05_follow_subscriptions.sql), then leased batches are delivered and settled. A
/// failure is due again after the retry policy's next delay; every time comes from the service's clock. The same run
/// serves the timer function (serverless) and the in-process loop (standalone).
/// </summary>
public sealed partial class Notifier(
    NpgsqlDataSource dataSource, NotificationOptions options, WebhookSender webhooks, MailSender mail, TimeProvider clock, ILogger<Notifier> logger)
{
    /// <summary>A tenant's failing subscribers write a line a minute, not one per message (the lines held back are counted).</summary>
    private readonly LogRate _tenantLines = new(TimeSpan.FromMinutes(1), clock);

    public async Task<NotifyRun> Run(CancellationToken cancellationToken)
    {
        var tally = new Tally();
        var made = 0L;
        var budget = Stopwatch.StartNew();
        var flight = new InFlight();
        // Ended deliveries, settled together once per turn of the loop: one round trip for many rows.
        var settled = new System.Collections.Concurrent.ConcurrentQueue<((string, Guid, Guid, int) Key, DateTimeOffset? Due)>();
        var lastFollow = TimeSpan.MinValue;
        try
        {
            while (true)
            {
                var idle = true;
                var open = budget.Elapsed.TotalSeconds < options.RunBudgetSeconds;
                // Follow and deliver in turns until both are idle, so a busy queue is not held to one page per run.
                if (open && (flight.Count == 0 || budget.Elapsed - lastFollow > FollowEvery))
                {
                    var (followed, read, held) = await FollowPass(cancellationToken);
                    (made, lastFollow, idle) = (made + followed, budget.Elapsed, read == 0 && !held);
                    // Posts committed behind an older transaction still open: look again shortly, as stream readers do.
                    if (held && read == 0 && flight.Count == 0) await Task.Delay(FollowEvery, cancellationToken);
                }
                // Deliveries run as a pipeline: a slot freed is leased again at once, so a slow subscriber holds only
                // its own slots, and a tenant never holds more than its share of them.
                var leasedAny = false;
                // Refill once half the slots are free (or none is busy): one lease for many deliveries.
                if (open && (flight.Count == 0 || flight.Count <= options.Parallelism / 2))
                {
                    var leased = await Lease(options.Parallelism - flight.Count, flight, cancellationToken);
                    foreach (var row in leased) flight.Start(row.Key.Tenant, async () => settled.Enqueue((row.Key, await Attempt(row, tally, cancellationToken))));
                    (leasedAny, idle) = (leased.Count > 0, idle && leased.Count == 0);
                }
                if (flight.Count == 0 && (idle || !open)) break;
                // Nothing more to start now: wait for a delivery to end, or (while the run is open) for the next follow.
                if (flight.Count > 0 && (!leasedAny || flight.Count > options.Parallelism / 2))
                {
                    await flight.OneEnded(open ? FollowEvery : Timeout.InfiniteTimeSpan, cancellationToken);
                }
                await Settle(settled);
            }
        }
        catch
        {
            await flight.Drain();
            throw;
        }
        finally
        {
            // What ended is recorded even when the run is being cancelled; the rest stays leased and is retried.
            await Settle(settled);
        }
        return new NotifyRun(made, tally.Delivered, tally.Rejected, tally.Retried, tally.GivenUp);
    }

    private static readonly TimeSpan FollowEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>One follower pass: the notifications it made.</summary>
    public async Task<long> Follow(CancellationToken cancellationToken) => (await FollowPass(cancellationToken)).Made;

    private async Task<(long Made, long Read, bool Held)> FollowPass(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.FollowSubscriptions).With(options.FollowPageSize).With(clock.GetUtcNow().Utc());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetBoolean(2));
    }

    /// <summary>
    /// Delivers one leased row and answers when it is due again (null: done, the row goes). Any fault of the delivery
    /// itself is a failed attempt for the retry policy; only the run's cancellation escapes, leaving the row leased.
    /// </summary>
    private async Task<DateTimeOffset?> Attempt(Leased row, Tally tally, CancellationToken cancellationToken)
    {
        if (row.Notification is not { } n) return null;
        DeliveryResult result;
        try
        {
            result = await Deliver(n, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            if (_tenantLines.TryTake("fault " + n.Tenant, out var heldBack, out var overBudget))
            {
                // The exception's text may quote the subscriber: escaped; its stack trace names only code.
                LogDeliveryFault(LogText.Safe(n.Tenant), n.Queue, n.Subscription, heldBack, overBudget, LogText.Describe(e), e.StackTrace);
            }
            result = DeliveryResult.Failed;
        }
        switch (result)
        {
            case DeliveryResult.Delivered:
                Interlocked.Increment(ref tally.Delivered);
                return null;
            case DeliveryResult.Rejected:
                Interlocked.Increment(ref tally.Rejected);
                return null;
            default:
                if (n.Policy.DelayBefore(n.Attempts) is { } delay)
                {
                    Interlocked.Increment(ref tally.Retried);
                    return clock.GetUtcNow() + delay;
                }
                Interlocked.Increment(ref tally.GivenUp);
                if (_tenantLines.TryTake("gave up " + n.Tenant, out var heldBack, out var overBudget))
                {
                    LogGaveUp(LogText.Safe(n.Tenant), n.Queue, n.Subscription, n.Message, n.Attempts, heldBack, overBudget);
                }
                return null;
        }
    }

    private sealed class Tally
    {
        public int Delivered;
        public int Rejected;
        public int Retried;
        public int GivenUp;
    }

    private Task<DeliveryResult> Deliver(Notification n, CancellationToken cancellationToken) =>
        n.Subscriber.StartsWith("mailto:", StringComparison.Ordinal) ? mail.Send(n, cancellationToken) : webhooks.Send(n, cancellationToken);

    /// <summary>A leased row; no <see cref="Notification"/> when its subscription is gone: it is settled as done.</summary>
    private readonly record struct Leased((string Tenant, Guid Subscription, Guid Message, int Attempts) Key, Notification? Notification);

    /// <summary>Leases up to <paramref name="count"/> due rows, tenants taking turns, none beyond its share.</summary>
    private async Task<List<Leased>> Lease(int count, InFlight flight, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var (running, counts) = flight.Running();
        await using var command = dataSource.CreateCommand(SqlText.LeaseNotifications)
            .With(now.Utc()).With(now.AddSeconds(LeaseSeconds).Utc()).With(count).With(running).With(counts).With(options.PerTenantParallelism);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var leased = new List<Leased>();
        while (await reader.ReadAsync(cancellationToken)) leased.Add(Row(reader));
        return leased;
    }

    private static Leased Row(NpgsqlDataReader reader)
    {
        var (tenant, queue, subscription, message, attempts) =
            (reader.GetString(0), reader.GetString(1), reader.GetGuid(2), reader.GetGuid(3), reader.GetInt32(4));
        var key = (tenant, subscription, message, attempts);
        if (reader.IsDBNull(5) || reader.IsDBNull(8)) return new Leased(key, null);
        var subscriptionOptions = JsonNode.Parse(reader.GetString(6)) as JsonObject ?? [];
        var queuePolicy = reader.IsDBNull(7) ? null : JsonNode.Parse(reader.GetString(7));
        return new Leased(key, new Notification(tenant, queue, subscription, message, attempts, reader.GetString(5), subscriptionOptions,
            RetryPolicy.Effective(subscriptionOptions[RetryPolicy.Key], queuePolicy), reader.GetInt32(8), reader.GetInt32(9),
            reader.IsDBNull(10) ? "null"u8.ToArray() : reader.GetFieldValue<byte[]>(10)));
    }

    /// <summary>
    /// A lease outlives the slowest delivery: a webhook within the request timeout, a mail within four of them (connect,
    /// authenticate, send, quit), so a live dispatcher never loses its rows to another.
    /// </summary>
    private double LeaseSeconds => Math.Max(options.LeaseSeconds, (5 * options.RequestTimeoutSeconds) + 5);

    /// <summary>Deletes each ended row (due null) or makes it due again, while its lease is still this dispatcher's.</summary>
    private async Task Settle(System.Collections.Concurrent.ConcurrentQueue<((string, Guid, Guid, int) Key, DateTimeOffset? Due)> ended)
    {
        if (ended.IsEmpty) return;
        var (tenants, subscriptions, messages, attempts, due) = (new List<string>(), new List<Guid>(), new List<Guid>(), new List<int>(), new List<DateTime?>());
        while (ended.TryDequeue(out var row))
        {
            var (tenant, subscription, message, attempt) = row.Key;
            tenants.Add(tenant);
            subscriptions.Add(subscription);
            messages.Add(message);
            attempts.Add(attempt);
            due.Add(row.Due?.UtcDateTime);
        }
        // Not the run's token: a delivery that ended is recorded even when the run is being cancelled.
        await using var command = dataSource.CreateCommand(SqlText.SettleNotifications);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. tenants] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. subscriptions] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [.. messages] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [.. attempts] });
        command.Parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = [.. due], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Gave up notifying subscription {Subscription} of message {Message} in queue {Queue} of tenant {Tenant} after {Attempts} attempts ({HeldBack} more given up for this tenant since its last such line; {OverBudget} lines of any tenant held back over the log's budget)")]
    private partial void LogGaveUp(string tenant, string queue, Guid subscription, Guid message, int attempts, long heldBack, long overBudget);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Delivery to subscription {Subscription} of queue {Queue} of tenant {Tenant} failed unexpectedly: {Reason} ({HeldBack} more for this tenant since its last such line; {OverBudget} lines of any tenant held back over the log's budget)\n{StackTrace}")]
    private partial void LogDeliveryFault(string tenant, string queue, Guid subscription, long heldBack, long overBudget, string reason, string? stackTrace);
}
