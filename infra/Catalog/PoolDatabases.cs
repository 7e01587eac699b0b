using Azure.Core;
using Npgsql;
using Sluice.Infra.Postgres;

namespace Sluice.Infra.Catalog;

/// <summary>What registering or removing a pool asks of its database, connected to as the data plane connects.</summary>
public sealed class PoolDatabases(SluiceOptions options, Func<TokenCredential> credential)
{
    /// <summary>How long registering a pool waits for its database to answer.</summary>
    private const int ConnectTimeoutSeconds = 5;

    /// <summary>
    /// Connects to the pool's database and brings its schema to this version (the migrations the service runs at
    /// start-up); null when that worked, else why not, in words for an operator (never the password).
    /// </summary>
    public async Task<string?> Prepare(PoolUri uri, CancellationToken cancellationToken)
    {
        // The managed identity's token is a password for any PostgreSQL of the directory: it goes to Azure's servers
        // only, and only over TLS that checks the server's name.
        if (options.PostgresAuthentication == PostgresAuthentication.EntraId && !uri.HasPassword)
        {
            if (!uri.Host.EndsWith(options.Catalog.EntraIdHostSuffix, StringComparison.OrdinalIgnoreCase))
            {
                return $"signing in with the managed identity, a pool's host ends with {options.Catalog.EntraIdHostSuffix}";
            }
            if (!uri.VerifiesServer) return "signing in with the managed identity, a pool's URI says sslmode=verify-full";
        }
        try
        {
            await using var dataSource = Open(uri);
            await new Migrator(dataSource, options).Migrate(cancellationToken);
            return null;
        }
        catch (PostgresException e) when (!e.IsTransient)
        {
            return $"{e.SqlState}: {e.MessageText}";
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException or ArgumentException)
        {
            return "not reachable";
        }
    }

    /// <summary>Whether the pool's database holds any queue (of any project); null when it cannot be reached.</summary>
    public async Task<bool?> HoldsQueues(PoolUri uri, CancellationToken cancellationToken)
    {
        try
        {
            await using var dataSource = Open(uri);
            await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM queues)");
            return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidCatalogName)
        {
            // Not migrated, or the database itself is gone: it holds no queue.
            return false;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or System.Net.Sockets.SocketException)
        {
            return null;
        }
    }

    private NpgsqlDataSource Open(PoolUri uri)
    {
        var settings = new NpgsqlConnectionStringBuilder(uri.ConnectionString());
        if (settings.Timeout > ConnectTimeoutSeconds || settings.Timeout == 0) settings.Timeout = ConnectTimeoutSeconds;
        // A one-off connection: nothing to keep open after the check.
        settings.Pooling = false;
        return DataSources.Build(settings.ConnectionString, options, credential);
    }
}
