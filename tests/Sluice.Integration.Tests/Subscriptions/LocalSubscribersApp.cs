using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Subscriptions;

/// <summary>
/// The service with private networks allowed (Sluice:Notifications:AllowPrivateNetworks), as a developer runs it for
/// a webhook receiver on their own machine: the tests' subscribers listen on loopback.
/// </summary>
public sealed class LocalSubscribersApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Notifications:AllowPrivateNetworks"] = "true",
    };
}
