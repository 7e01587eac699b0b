using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sluice.Functions.Hosting;
using Sluice.Functions.Jobs;
using Sluice.Infra;
using Sluice.Integration.Tests.Harness;

namespace Sluice.Integration.Tests.Hosting;

/// <summary>
/// The zip the Functions host deploys: host.json at the root, one folder per function, the runnable app. The package
/// holds the pool and flavor functions whatever the setting, so the app compared with it has pooling on.
/// </summary>
public sealed class PackageLayoutTests(PooledApp app) : IClassFixture<PooledApp>
{
    [Fact]
    public void The_package_holds_host_json_every_generated_function_and_the_executable_app()
    {
        using var zip = Package.Open();
        var entries = zip.Entries.Where(e => !e.FullName.EndsWith('/')).ToDictionary(e => e.FullName, StringComparer.Ordinal);

        Assert.Equal(File.ReadAllText(Repository.PathOf("host.json")), Read(entries["host.json"]));

        var expected = FunctionCatalog.Definitions(app.Services.GetRequiredService<EndpointDataSource>().Endpoints, BackgroundJobs.All(new SluiceOptions()));
        var folders = entries.Keys.Where(k => k.EndsWith("/function.json", StringComparison.Ordinal) && k.Count(c => c == '/') == 1)
            .Select(k => k.Split('/')[0]).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), folders);
        foreach (var (name, json) in expected) Assert.Equal(json, Read(entries[name + "/function.json"]));

        var timers = folders.Where(f => (string?)JsonNode.Parse(Read(entries[f + "/function.json"]))!["bindings"]![0]!["type"] == "timerTrigger");
        Assert.Equal(["notify", "statistics", "sweep"], timers.Order(StringComparer.Ordinal));

        var executable = (string)JsonNode.Parse(Read(entries["host.json"]))!["customHandler"]!["description"]!["defaultExecutablePath"]!;
        Assert.True(entries.ContainsKey(executable), executable + " is not in the package");
        Assert.True(Package.Mode(entries[executable]).HasFlag(UnixFileMode.UserExecute), executable + " lost its exec bit");
        Assert.Contains("app/Sluice.Functions.dll", entries.Keys);
        Assert.Contains("app/appsettings.json", entries.Keys);
        // Self-contained: the runtime travels with the app (the host's own .NET is not .NET 10).
        Assert.Contains("app/libcoreclr.so", entries.Keys);
        Assert.DoesNotContain(entries.Keys, k => k.EndsWith("local.settings.json", StringComparison.Ordinal));
    }

    private static string Read(System.IO.Compression.ZipArchiveEntry entry)
    {
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }
}
