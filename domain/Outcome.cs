namespace Sluice.Domain;

/// <summary>What a command or query answers: a value, or a refusal.</summary>
public readonly record struct Outcome<T>
{
    public Outcome(T value) => Value = value;

    public Outcome(Refusal refusal) => Refused = refusal;

    public T? Value { get; }

    public Refusal? Refused { get; }

    public static implicit operator Outcome<T>(T value) => new(value);

    public static implicit operator Outcome<T>(Refusal refusal) => new(refusal);
}
