using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Concurrency;

/// <summary>
/// The service with its heads advanced every 20 ms (the keeper joins the race), connecting under an application
/// name of its own so a test can tell its backends from those of other fixtures.
/// </summary>
public sealed class LockOrderApp : SluiceApp
{
    public string ApplicationName { get; } = "sluice-lock-order-" + Guid.NewGuid().ToString("N")[..8];

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Sluice:Postgres"] = TestDatabase.ConnectionString + ";Application Name=" + ApplicationName,
        ["Sluice:HeadIntervalMilliseconds"] = "20",
    };
}
