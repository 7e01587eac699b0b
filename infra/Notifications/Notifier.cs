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
        var (made, delivered, rejected, retried, givenUp) = (0L, 0, 0, 0, 0);
        var budget = Stopwatch.StartNew();
        while (budget.Elapsed.TotalSeconds < options.RunBudgetSeconds)
        {
            // Follow and deliver in turns until both are idle, so a busy queue is not held to one page per run.
            var followed = await Follow(cancellationToken);
            made += followed;
            var leased = await Lease(cancellationToken);
            if (leased.Count == 0)
            {
                if (followed == 0) break;
                continue;
            }
            var results = new DeliveryResult?[leased.Count];
            await Parallel.ForAsync(0, leased.Count, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
                async (i, ct) => results[i] = leased[i].Notification is { } n ? await Deliver(n, ct) : null);
            var settled = new DateTimeOffset?[leased.Count];
            var now = clock.GetUtcNow();
            for (var i = 0; i < leased.Count; i++)
            {
                switch (results[i])
                {
                    case DeliveryResult.Delivered: delivered++; break;
                    case DeliveryResult.Rejected: rejected++; break;
                    case DeliveryResult.Failed when leased[i].Notification!.Policy.DelayBefore(leased[i].Key.Attempts) is { } delay:
                        settled[i] = now + delay;
                        retried++;
                        break;
                    case DeliveryResult.Failed:
                        givenUp++;
                        var n = leased[i].Notification!;
                        LogGaveUp(n.Tenant, n.Queue, n.Subscription, n.Message, n.Attempts);
                        break;
                }
            }
            await Settle(leased, settled, cancellationToken);
        }
        return new NotifyRun(made, delivered, rejected, retried, givenUp);
    }

    /// <summary>One follower pass: the notifications it made.</summary>
    public async Task<long> Follow(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SqlText.FollowSubscriptions).With(options.FollowPageSize).With(clock.GetUtcNow().Utc());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private Task<DeliveryResult> Deliver(Notification n, CancellationToken cancellationToken) =>
        n.Subscriber.StartsWith("mailto:", StringComparison.Ordinal) ? mail.Send(n, cancellationToken) : webhooks.Send(n, cancellationToken);

    /// <summary>A leased row; no <see cref="Notification"/> when its subscription is gone: it is settled as done.</summary>
    private readonly record struct Leased((string Tenant, Guid Subscription, Guid Message, int Attempts) Key, Notification? Notification);

    private async Task<List<Leased>> Lease(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand(SqlText.LeaseNotifications)
            .With(now.Utc()).With(now.AddSeconds(options.LeaseSeconds).Utc()).With(options.BatchSize);
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

    private async Task Settle(List<Leased> leased, DateTimeOffset?[] due, CancellationToken cancellationToken)
    {
        var n = leased.Count;
        var (tenants, subscriptions, messages, attempts, at) = (new string[n], new Guid[n], new Guid[n], new int[n], new DateTime?[n]);
        for (var i = 0; i < n; i++)
        {
            (tenants[i], subscriptions[i], messages[i], attempts[i]) = leased[i].Key;
            at[i] = due[i]?.UtcDateTime;
        }
        await using var command = dataSource.CreateCommand(SqlText.SettleNotifications);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = tenants });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = subscriptions });
        command.Parameters.Add(new NpgsqlParameter<Guid[]> { TypedValue = messages });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = attempts });
        command.Parameters.Add(new NpgsqlParameter<DateTime?[]> { TypedValue = at, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Gave up notifying subscription {Subscription} of message {Message} in queue {Queue} of tenant {Tenant} after {Attempts} attempts")]
    private partial void LogGaveUp(string tenant, string queue, Guid subscription, Guid message, int attempts);
}
