namespace Sluice.Infra.Notifications;

/// <summary>A subscriber whose every address is private, refused by <see cref="NotificationOptions.BlockPrivateNetworks"/>.</summary>
public sealed class BlockedAddressException : Exception
{
    public BlockedAddressException() { }

    public BlockedAddressException(string message) : base(message) { }

    public BlockedAddressException(string message, Exception inner) : base(message, inner) { }
}
