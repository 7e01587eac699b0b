using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Sluice.Domain.Subscriptions;
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
    public async Task<NotifyRun> Run(CancellationToken cancellationToken)
    {
        var tally = new Tally();
        var made = 0L;
        var budget = Stopwatch.StartNew();
        while (budget.Elapsed.TotalSeconds < options.RunBudgetSeconds)
        {
            // Follow and deliver in turns until both are idle, so a busy queue is not held to one page per run.
            var (followed, read) = await FollowPass(cancellationToken);
            made += followed;
            var leased = await Lease(cancellationToken);
            if (leased.Count == 0)
            {
                if (read == 0) break;
                continue;
            }
            // Each delivery is settled as soon as it ends, so a cancelled run keeps what it finished and one slow
            // subscriber does not hold the others' results past their lease.
            await Parallel.ForEachAsync(leased, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
                async (row, ct) => await Settle(row.Key, await Attempt(row, tally, ct)));
        }
        return new NotifyRun(made, tally.Delivered, tally.Rejected, tally.Retried, tally.GivenUp);
    }

    /// <summary>One follower pass: the notifications it made.</summary>
    public async Task<long> Follow(CancellationToken cancellationToken) => (await FollowPass(cancellationToken)).Made;

    private async Task<(long Made, long Read)> FollowPass(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.FollowSubscriptions).With(options.FollowPageSize).With(clock.GetUtcNow().Utc());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
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
            LogDeliveryFault(n.Tenant, n.Queue, n.Subscription, e);
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
                LogGaveUp(n.Tenant, n.Queue, n.Subscription, n.Message, n.Attempts);
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

    private async Task<List<Leased>> Lease(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand(SqlText.LeaseNotifications)
            .With(now.Utc()).With(now.AddSeconds(LeaseSeconds).Utc()).With(options.Parallelism);
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
        using var data = JsonDocument.Parse(reader.GetString(8));
        var delay = data.RootElement.TryGetProperty("delay", out var d) ? d.GetInt32() : 0;
        return new Leased(key, new Notification(tenant, queue, subscription, message, attempts, reader.GetString(5), subscriptionOptions,
            RetryPolicy.Effective(subscriptionOptions[RetryPolicy.Key], queuePolicy), data.RootElement.GetProperty("ttl").GetInt32(), delay,
            reader.IsDBNull(9) ? "null"u8.ToArray() : reader.GetFieldValue<byte[]>(9)));
    }

    /// <summary>
    /// A lease outlives the slowest delivery: a webhook within the request timeout, a mail within four of them (connect,
    /// authenticate, send, quit), so a live dispatcher never loses its rows to another.
    /// </summary>
    private double LeaseSeconds => Math.Max(options.LeaseSeconds, (5 * options.RequestTimeoutSeconds) + 5);

    /// <summary>Deletes the row (due null) or makes it due again, while the lease is still this dispatcher's.</summary>
    private async Task Settle((string Tenant, Guid Subscription, Guid Message, int Attempts) key, DateTimeOffset? due)
    {
        // Not the run's token: a delivery that ended is recorded even when the run is being cancelled.
        await using var command = dataSource.CreateCommand(SqlText.SettleNotifications);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [key.Tenant] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [key.Subscription] });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = [key.Message] });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = [key.Attempts] });
        command.Parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = [due?.UtcDateTime], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Gave up notifying subscription {Subscription} of message {Message} in queue {Queue} of tenant {Tenant} after {Attempts} attempts")]
    private partial void LogGaveUp(string tenant, string queue, Guid subscription, Guid message, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Delivery to subscription {Subscription} of queue {Queue} of tenant {Tenant} failed unexpectedly")]
    private partial void LogDeliveryFault(string tenant, string queue, Guid subscription, Exception exception);
}
