namespace Sluice.Domain.Ports;

/// <summary>
/// Raised by the store when an append creates what another command created first: the same queue, or a subscription of
/// the same subscriber (a unique key of the projections). The command is decided again on fresh state. An append sent
/// twice is not a conflict: the log already has its events, and the second changes nothing.
/// </summary>
public sealed class ConcurrentCreationException : Exception
{
    public ConcurrentCreationException() { }

    public ConcurrentCreationException(string message) : base(message) { }

    public ConcurrentCreationException(string message, Exception inner) : base(message, inner) { }
}
