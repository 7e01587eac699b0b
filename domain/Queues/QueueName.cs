namespace Sluice.Domain.Queues;

/// <summary>A queue name: 1..64 of ASCII letters, digits, '_', '-', '.'; case-sensitive (contract §2).</summary>
public readonly record struct QueueName
{
    public const int MaxLength = 64;

    public QueueName(string value)
    {
        if (!IsValid(value)) throw new ArgumentException("Invalid queue name.", nameof(value));
        Value = value;
    }

    public string Value { get; }

    public static bool IsValid(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength) return false;
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.')) return false;
        }
        return true;
    }

    public override string ToString() => Value;
}
