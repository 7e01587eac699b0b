using System.Text.RegularExpressions;

namespace Sluice.Infra.Catalog;

/// <summary>
/// Configuration section "Sluice:Catalog": where the catalog of pools and flavors lives in Azure Table
/// Storage (the account of <c>Sluice:Storage</c>: a connection string, Azurite locally, or an account's table
/// endpoint, <c>https://account.table.core.windows.net</c>, reached with the app's managed identity).
/// </summary>
public sealed partial class CatalogOptions
{
    /// <summary>Begins the name of each catalog table (<c>{prefix}catalog</c>).</summary>
    public string TablePrefix { get; set; } = "sluice";

    /// <summary>
    /// With <c>Sluice:PostgresAuthentication=EntraId</c>, the ending of every pool host the service signs in to with its
    /// managed identity's token (a pool URI with a password is not held to it).
    /// </summary>
    public string EntraIdHostSuffix { get; set; } = ".postgres.database.azure.com";

    /// <summary>How long a call to Table Storage may take before the catalog counts as unreachable.</summary>
    public int TimeoutSeconds { get; set; } = 5;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,40}$")]
    private static partial Regex Prefix();

    public string ValidPrefix() =>
        Prefix().IsMatch(TablePrefix) ? TablePrefix
            : throw new InvalidOperationException($"Sluice:Catalog:TablePrefix '{TablePrefix}' is not a letter followed by at most 40 letters or digits.");
}
