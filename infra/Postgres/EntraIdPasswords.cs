using Azure.Core;
using Npgsql;

namespace Sluice.Infra.Postgres;

/// <summary>
/// Passwords for Azure Database for PostgreSQL with Entra ID authentication: an access token of the app's identity
/// for the PostgreSQL resource. Tokens live about an hour; Npgsql asks for a new one well before that, and new
/// physical connections use the newest.
/// </summary>
public sealed class EntraIdPasswords(TokenCredential credential)
{
    public const string Scope = "https://ossrdbms-aad.database.windows.net/.default";

    public static readonly TimeSpan Refresh = TimeSpan.FromMinutes(30);

    public static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(5);

    public async ValueTask<string> Next(NpgsqlConnectionStringBuilder settings, CancellationToken cancellationToken) =>
        (await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false)).Token;
}
