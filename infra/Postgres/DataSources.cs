using Azure.Core;
using Npgsql;

namespace Sluice.Infra.Postgres;

/// <summary>
/// How the service connects to a PostgreSQL of its data plane, the default one (<c>Sluice:Postgres</c>) and every
/// pool alike: the schema as search path, hot statements prepared, no session reset, and with
/// <c>Sluice:PostgresAuthentication=EntraId</c> the managed identity's token as password unless one is given.
/// </summary>
public static class DataSources
{
    public static NpgsqlDataSource Build(string connectionString, SluiceOptions options, Func<TokenCredential> credential)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString)
        {
            SearchPath = Migrator.ValidSchema(options.Schema),
        };
        // Hot statements are prepared once per connection after their second use.
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        // All session state comes from the connection string (search path): nothing to reset between uses.
        builder.NoResetOnClose = true;
        var dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString);
        // A connection string with its own password (a pool URI that carries one) signs in with that.
        if (options.PostgresAuthentication == PostgresAuthentication.EntraId && string.IsNullOrEmpty(builder.Password))
        {
            var tokens = new EntraIdPasswords(credential());
            dataSource.UsePeriodicPasswordProvider(tokens.Next, EntraIdPasswords.Refresh, EntraIdPasswords.RetryAfterFailure);
        }
        return dataSource.Build();
    }
}
