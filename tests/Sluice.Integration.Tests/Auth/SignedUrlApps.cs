using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Auth;

/// <summary>The service with the pre-signed URL key of contract §7.5's test vector.</summary>
public sealed class SignedUrlApp : SluiceApp
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Sluice:SignedUrls:SecretKey"] = SignedUrlWire.Secret };
}

/// <summary>The same behind real Kestrel, for clients in another process.</summary>
public sealed class SignedUrlKestrelApp : SluiceApp
{
    public SignedUrlKestrelApp() => UseKestrel(0);

    protected override bool Kestrel => true;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Sluice:SignedUrls:SecretKey"] = SignedUrlWire.Secret };
}

/// <summary>
/// Under the Functions host, with a Key Vault reference that did not resolve: App Service then passes the reference
/// text itself as the setting, which must not become the key.
/// </summary>
public sealed class UnresolvedKeyServerlessApp : SluiceApp
{
    public const string Reference = "@Microsoft.KeyVault(SecretUri=https://kv-sluice.vault.azure.net/secrets/signed-url-secret-key)";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["FUNCTIONS_CUSTOMHANDLER_PORT"] = "7071", ["Sluice:Auth:AnonymousBehindHost"] = "true",
        ["Sluice:SignedUrls:SecretKey"] = Reference,
    };
}
