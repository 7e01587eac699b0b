namespace Sluice.Infra.Notifications;

/// <summary>How one delivery attempt ended.</summary>
public enum DeliveryResult
{
    /// <summary>Accepted (2xx, or 3xx as Zaqar counts it).</summary>
    Delivered,

    /// <summary>Refused for good (4xx, a blocked address, a permanent SMTP error): not retried.</summary>
    Rejected,

    /// <summary>5xx, a timeout or a network fault: retried as the policy says.</summary>
    Failed,
}
