using Npgsql;

namespace Sluice.Integration.Tests.Harness;

/// <summary>
/// The Azurite and the two more PostgreSQL clusters that test.sh starts for the tests of pools. A missing server fails
/// the test loudly; nothing is skipped.
/// </summary>
public static class TestPools
{
    /// <summary>The Azure Storage connection string of the throw-away Azurite (its table endpoint holds catalogs).</summary>
    public static string Storage =>
        Environment.GetEnvironmentVariable("SLUICE_TEST_STORAGE") is { Length: > 0 } storage ? storage : TablesAt(10012);

    /// <summary>The connection string of Azurite's well-known account with its table endpoint on a loopback port.</summary>
    public static string TablesAt(int port) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;";

    /// <summary>The database every test uses (<see cref="TestDatabase"/>), as a pool URI.</summary>
    public static string A
    {
        get
        {
            var settings = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString);
            return $"postgresql://{settings.Username}@{settings.Host}:{settings.Port}/{settings.Database}";
        }
    }

    public static string B => Environment.GetEnvironmentVariable("SLUICE_TEST_POOL_B") is { Length: > 0 } b ? b : "postgresql://sluice@127.0.0.1:54331/sluice";

    public static string C => Environment.GetEnvironmentVariable("SLUICE_TEST_POOL_C") is { Length: > 0 } c ? c : "postgresql://sluice@127.0.0.1:54332/sluice";

    /// <summary>An Npgsql connection string for a pool URI of these tests (no password, no parameters).</summary>
    public static string ConnectionString(string poolUri)
    {
        var uri = new Uri(poolUri);
        return $"Host={uri.Host};Port={uri.Port};Username={uri.UserInfo.Split(':')[0]};Database={uri.AbsolutePath.TrimStart('/')}";
    }
}

/// <summary>The service with pooling on: a catalog of its own (its own table prefix) in the test Azurite.</summary>
public class PooledApp : SluiceApp
{
    public string TablePrefix { get; } = "t" + Guid.NewGuid().ToString("N")[..20];

    protected virtual string Storage => TestPools.Storage;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Pooling"] = "true",
        ["Sluice:Storage"] = Storage,
        ["Sluice:Catalog:TablePrefix"] = TablePrefix,
        ["Sluice:Catalog:TimeoutSeconds"] = "2",
    };

    /// <summary>A client of project <paramref name="project"/> with the admin role (mode none: X-Roles).</summary>
    public Api Admin(string? project = null)
    {
        var api = Api(project);
        api.Http.DefaultRequestHeaders.Add("X-Roles", "admin");
        return api;
    }

    /// <summary>Drops this fixture's schema from the other clusters, which registering them as pools created.</summary>
    protected override async ValueTask DisposeDependenciesAsync()
    {
        foreach (var pool in new[] { TestPools.B, TestPools.C })
        {
            await using var connection = new NpgsqlConnection(TestPools.ConnectionString(pool));
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
