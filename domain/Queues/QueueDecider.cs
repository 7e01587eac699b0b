using System.Text.Json.Nodes;

namespace Sluice.Domain.Queues;

/// <summary>Queue lifecycle decisions (contract §4). Pure: the handler supplies the state and the clock.</summary>
public static class QueueDecider
{
    /// <summary>PUT on an existing queue is a no-op (§4.2, §8 item 11).</summary>
    public static QueueEvent[] Create(QueueState state, QueueMetadata metadata, DateTimeOffset now) => state switch
    {
        QueueState.Missing => [new QueueEvent.QueueCreated(metadata, now)],
        _ => [],
    };

    public static QueueEvent[] Delete(QueueState state, DateTimeOffset now) => state switch
    {
        QueueState.Existing => [new QueueEvent.QueueDeleted(now)],
        _ => [],
    };

    public static QueueEvent[] Purge(QueueState state, bool messages, bool subscriptions, DateTimeOffset now) => state switch
    {
        QueueState.Existing => [new QueueEvent.QueuePurged(messages, subscriptions, now)],
        _ => [],
    };

    /// <summary>Applies JSON-patch operations to a copy of the metadata, in order, then re-validates (§4.4).</summary>
    public static Decision<QueueMetadata> Patch(QueueState state, IReadOnlyList<MetadataPatch> patch, Limits limits, DateTimeOffset now)
    {
        if (state is not QueueState.Existing existing) return new Refusal(Rejection.QueueNotFound);
        var metadata = existing.Metadata.ToObject();
        foreach (var op in patch)
        {
            var present = metadata.ContainsKey(op.Key);
            switch (op.Op)
            {
                case PatchOp.Add:
                    metadata[op.Key] = op.Value?.DeepClone();
                    break;
                case PatchOp.Replace when present || QueueMetadata.IsReserved(op.Key):
                    metadata[op.Key] = op.Value?.DeepClone();
                    break;
                case PatchOp.Replace:
                    return new Refusal(Rejection.MetadataReplaceMissing, op.Key);
                case PatchOp.Remove when present:
                    metadata.Remove(op.Key);
                    break;
                case PatchOp.Remove when !QueueMetadata.IsReserved(op.Key):
                    return new Refusal(Rejection.MetadataRemoveMissing, op.Key);
            }
        }
        if (QueueMetadata.Validate(metadata, limits) is { } refusal) return refusal;
        var updated = QueueMetadata.From(metadata);
        return new Decision<QueueMetadata>(updated, [new QueueEvent.QueueMetadataUpdated(updated, now)]);
    }
}

public enum PatchOp { Add, Remove, Replace }

/// <summary>One JSON-patch operation on <c>/metadata/{Key}</c>, already shape-checked at the edge.</summary>
public sealed record MetadataPatch(PatchOp Op, string Key, JsonNode? Value);
