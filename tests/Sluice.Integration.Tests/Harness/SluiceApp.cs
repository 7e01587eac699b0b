using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Infra.Postgres;

namespace Sluice.Integration.Tests.Harness;

/// <summary>
/// The real service on the real PostgreSQL, in its own schema, with a movable clock. Use as a class fixture;
/// override <see cref="Settings"/> to change limits (e.g. "Sluice:Limits:MaxMessagesPerPage").
/// </summary>
public class SluiceApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    public SluiceApp()
        : this(new TestClock())
    {
    }

    /// <summary>A fixture whose service runs on <paramref name="clock"/> (e.g. a running one).</summary>
    protected SluiceApp(TestClock clock) => (Schema, Clock) = (TestDatabase.NewSchema(GetType().Name), clock);

    public string Schema { get; }

    public TestClock Clock { get; }

    /// <summary>False for a fixture whose PostgreSQL cannot be reached: start-up does not wait for the schema.</summary>
    protected virtual bool StorageReachable => true;

    /// <summary>True for a fixture that called <c>UseKestrel</c>: the service listens on a real socket.</summary>
    protected virtual bool Kestrel => false;

    /// <summary>False: the service keeps the system clock (for tests of its own timers); <see cref="Clock"/> is then unused.</summary>
    protected virtual bool MovableClock => true;

    /// <summary>Configuration for this fixture's service; subclasses add limits.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>A client acting as <paramref name="project"/> with a fresh UUID Client-ID, JSON Content-Type on bodies.</summary>
    public Api Api(string? project = null, string? clientId = null)
    {
        var client = CreateClient();
        project ??= "project-" + Guid.NewGuid().ToString("N")[..8];
        client.DefaultRequestHeaders.Add("Client-ID", clientId ?? Guid.NewGuid().ToString());
        client.DefaultRequestHeaders.Add("X-Project-ID", Authenticate(client.DefaultRequestHeaders, project));
        return new Api(client);
    }

    /// <summary>
    /// Gives a request the credentials of the project named <paramref name="project"/> with <paramref name="roles"/> in
    /// the fixture's auth mode (in mode none, the X-Roles header); returns the project id they carry, which X-Project-ID
    /// may repeat (Keystone's ids are not its names).
    /// </summary>
    public virtual string Authenticate(HttpRequestHeaders headers, string project, params string[] roles)
    {
        if (roles.Length > 0) headers.Add("X-Roles", string.Join(',', roles));
        return project;
    }

    /// <summary>A bare client: no Client-ID or project header, for header-validation tests.</summary>
    public HttpClient Raw() => CreateClient();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Sluice:Postgres", TestDatabase.ConnectionString);
        builder.UseSetting("Sluice:Schema", Schema);
        builder.UseSetting("Sluice:SweepIntervalSeconds", "3600");
        builder.UseSetting("Sluice:StatisticsIntervalSeconds", "3600");
        builder.UseSetting("Sluice:Notifications:IntervalSeconds", "3600");
        builder.UseSetting("Sluice:Notifications:WakeOnPush", "false");
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
        if (MovableClock) builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public virtual async Task InitializeAsync()
    {
        if (Kestrel) StartServer();
        else _ = Server; // start the host: standalone, migrations run before the first request
        // Under the Functions host they run in the background (the service answers 503 meanwhile): wait for them.
        var schema = Services.GetRequiredService<SchemaState>();
        var deadline = System.Diagnostics.Stopwatch.StartNew();
        while (StorageReachable && !schema.Ready)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("the schema was not ready within 30 s");
            await Task.Delay(10);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await TestDatabase.DropSchema(Schema);
        await DisposeDependenciesAsync();
    }

    /// <summary>Stops what a subclass started for its service (an identity provider), after the service.</summary>
    protected virtual ValueTask DisposeDependenciesAsync() => ValueTask.CompletedTask;
}
