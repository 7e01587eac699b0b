using Sluice.Domain.Claims;
using Sluice.Domain.Messages;
using Sluice.Domain.Queues;
using Sluice.Domain.Subscriptions;
using Sluice.Domain.Tenancy;

namespace Sluice.Domain.Ports;

/// <summary>Reads of the projections. Every read sees only live state: expired messages and claims are invisible at once.</summary>
public interface IQueueReader
{
    ValueTask<QueueState> GetQueue(TenantId tenant, QueueName queue, CancellationToken cancellationToken);

    ValueTask<QueuePage> ListQueues(TenantId tenant, QueueFilter filter, CancellationToken cancellationToken);

    ValueTask<QueueStats> Stats(TenantId tenant, QueueName queue, DateTimeOffset now, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<MessageView>> ListMessages(TenantId tenant, QueueName queue, MessageFilter filter, DateTimeOffset now, CancellationToken cancellationToken);

    ValueTask<IReadOnlyList<MessageView>> GetMessages(TenantId tenant, QueueName queue, MessageId[] ids, DateTimeOffset now, CancellationToken cancellationToken);

    ValueTask<ClaimView?> GetClaim(TenantId tenant, QueueName queue, ClaimId claim, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The subscription while it lives (§7.4).</summary>
    ValueTask<Subscription?> GetSubscription(TenantId tenant, QueueName queue, SubscriptionId id, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Live subscriptions of the queue after the marker id, in id order.</summary>
    ValueTask<IReadOnlyList<Subscription>> ListSubscriptions(
        TenantId tenant, QueueName queue, SubscriptionId? after, int limit, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>True when the store answers (ping, §3.3).</summary>
    ValueTask<bool> Ping(CancellationToken cancellationToken);
}

/// <summary>A message as read: <see cref="Body"/> is the stored raw JSON; <see cref="Claim"/> only while live.</summary>
public sealed record MessageView(
    MessageId Id, QueuePlace Place, ClaimId? Claim, long ClaimCount, int Ttl, DateTimeOffset Created, ReadOnlyMemory<byte> Body);

/// <summary>A message's place in its queue's order: the log position of its post, then its index in the post.</summary>
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Auto)]
public readonly record struct QueuePlace(long Position, int Item);

public sealed record ClaimView(ClaimState Claim, IReadOnlyList<MessageView> Messages);

public sealed record MessageFilter(QueuePlace? After, int Limit, string? ExcludeClientId, bool IncludeClaimed, bool IncludeDelayed);

/// <summary><see cref="MetadataEquals"/>: key and the raw query value; integer-looking values compare as integers (§4.1).</summary>
public sealed record QueueFilter(
    string? Marker, int Limit, string? NameContains, IReadOnlyList<KeyValuePair<string, string>> MetadataEquals, bool WithCount);

public sealed record QueuePage(IReadOnlyList<QueueListing> Queues, long? Count);

public sealed record QueueListing(QueueName Name, QueueMetadata Metadata);

public sealed record MessageSummary(MessageId Id, DateTimeOffset Created);

public sealed record QueueStats(long Claimed, long Free, long Delayed, MessageSummary? Oldest, MessageSummary? Newest)
{
    public long Total => Claimed + Free;
}
