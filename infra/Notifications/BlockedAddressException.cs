namespace Sluice.Infra.Notifications;

/// <summary>A subscriber whose every address is private, refused unless <see cref="NotificationOptions.AllowPrivateNetworks"/>.</summary>
public sealed class BlockedAddressException : Exception
{
    public BlockedAddressException() { }

    public BlockedAddressException(string message) : base(message) { }

    public BlockedAddressException(string message, Exception inner) : base(message, inner) { }
}
