using Npgsql;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Planning;

/// <summary>
/// The service with an application name of its own on its PostgreSQL connections, so that a test can find its
/// backends (and end them, which flushes what they counted into the statistics views).
/// </summary>
public sealed class NamedConnectionsApp : SluiceApp
{
    public string ApplicationName { get; } = "sluice-test-" + Guid.NewGuid().ToString("N")[..12];

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Postgres"] = new NpgsqlConnectionStringBuilder(TestDatabase.ConnectionString) { ApplicationName = ApplicationName }.ConnectionString,
        // Queue heads move only when a test advances them.
        ["Sluice:HeadIntervalMilliseconds"] = "3600000",
    };
}
