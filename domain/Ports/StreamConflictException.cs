namespace Sluice.Domain.Ports;

/// <summary>
/// Raised by the store when an append collides with one that committed first (a unique key: two commands that
/// both created the same queue). The command is retried on fresh state.
/// </summary>
public sealed class StreamConflictException : Exception
{
    public StreamConflictException() { }

    public StreamConflictException(string message) : base(message) { }

    public StreamConflictException(string message, Exception inner) : base(message, inner) { }
}
