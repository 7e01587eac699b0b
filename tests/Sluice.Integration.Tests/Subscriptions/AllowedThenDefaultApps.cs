using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Subscriptions;

/// <summary>
/// Two services on one database: <see cref="Allowed"/> lets webhooks reach private networks, <see cref="Default"/> has
/// the defaults. What the first subscribed, the second delivers, as after a deployment stops allowing private
/// networks under existing subscriptions, so delivery is tested even for addresses the defaults refuse to subscribe.
/// </summary>
public sealed class AllowedThenDefaultApps : IAsyncLifetime
{
    public LocalSubscribersApp Allowed { get; } = new();

    public SluiceApp Default { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Allowed.InitializeAsync();
        Default = new OnSchema(Allowed.Schema);
        await Default.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Default).DisposeAsync();
        await ((IAsyncLifetime)Allowed).DisposeAsync();
    }

    /// <summary>The defaults on another fixture's schema; the one it drops when disposed is its own, never made.</summary>
    private sealed class OnSchema(string schema) : SluiceApp
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Sluice:Schema"] = schema };
    }
}
