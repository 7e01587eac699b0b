namespace Sluice.Domain.Tenancy;

/// <summary>The project a request acts for (X-Project-ID while auth is off). Every row and event is scoped by it.</summary>
public readonly record struct TenantId
{
    public const int MaxLength = 256;

    public TenantId(string value)
    {
        if (!IsValid(value)) throw new ArgumentException("Invalid project id.", nameof(value));
        Value = value;
    }

    public string Value { get; }

    public static bool IsValid(string? value) => !string.IsNullOrEmpty(value) && value.Length <= MaxLength;

    public override string ToString() => Value;
}
