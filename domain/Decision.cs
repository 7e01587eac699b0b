using Sluice.Domain.Queues;

namespace Sluice.Domain;

/// <summary>The outcome of a decision: events to append and a result, or a refusal. Never both.</summary>
public readonly record struct Decision<T>
{
    public Decision(T value, QueueEvent[] events)
    {
        Value = value;
        Events = events;
    }

    public Decision(Refusal refusal)
    {
        Refused = refusal;
        Events = [];
    }

    public T? Value { get; }

    public QueueEvent[] Events { get; }

    public Refusal? Refused { get; }

    public static implicit operator Decision<T>(Refusal refusal) => new(refusal);
}
