using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Hosting;

namespace Sluice.Integration.Tests.Deployment;

/// <summary>
/// bicep/ checked offline with the Bicep CLI from NuGet. build and lint exit 0 on warnings (BCP037 unknown property,
/// BCP081 unchecked API version...), so the output is read: any diagnostic fails.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the CLI package is the linux-x64 build
public sealed class BicepTests
{
    private static readonly string Bicep = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepPath").Value!;

    public static TheoryData<string> Templates() =>
        [.. Directory.GetFiles(Repository.PathOf("bicep"), "*.bicep", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Repository.PathOf("bicep"), f)).Order(StringComparer.Ordinal)];

    public static TheoryData<string> ParameterFiles() =>
        [.. Directory.GetFiles(Repository.PathOf("bicep"), "*.bicepparam").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Templates))]
    public async Task Every_template_builds_and_lints_without_a_diagnostic(string template)
    {
        var build = await Run("build", template, "--stdout");
        Assert.True(build.ExitCode == 0, build.Error);
        Assert.Equal("", build.Error.Trim());
        var lint = await Run("lint", template);
        Assert.True(lint.ExitCode == 0, lint.Error + lint.Output);
        Assert.Equal("", (lint.Error + lint.Output).Trim());
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public async Task Every_parameter_file_builds_against_main_without_a_diagnostic(string parameters)
    {
        var build = await Run("build-params", parameters, "--stdout");
        Assert.True(build.ExitCode == 0, build.Error);
        Assert.Equal("", build.Error.Trim());
        var values = JsonNode.Parse(JsonNode.Parse(build.Output)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        var environment = Path.GetFileNameWithoutExtension(parameters);
        Assert.Equal(environment, (string?)values["environment"]!["value"]);
        if (environment == "prod")
        {
            // Production survives the loss of a zone: plan, storage and PostgreSQL HA across two distinct zones.
            Assert.True((bool?)values["zoneRedundant"]!["value"]);
            var zones = values["postgresZones"]!["value"]!.AsArray().Select(z => (string?)z).ToArray();
            Assert.Equal(2, zones.Distinct().Count());
            Assert.True((int?)values["alwaysReadyInstances"]!["value"] >= 2);
            // Flex Consumption has no fixed outbound addresses: production reaches PostgreSQL privately.
            Assert.True((bool?)values["privateNetworking"]!["value"]);
        }
    }

    /// <summary>
    /// Mode none lets any caller be any tenant: no parameter file can deploy it. The template allows only the token
    /// modes, so a parameter file naming none (alone or in a list, in any spelling) does not build; and every parameter
    /// file of the repository deploys a token mode with what that mode needs.
    /// </summary>
    [Theory]
    [InlineData("none")]
    [InlineData("none,jwt")]
    [InlineData("jwt,none")]
    [InlineData("NONE")]
    [InlineData("")]
    public async Task No_parameter_file_can_deploy_mode_none(string mode)
    {
        var folder = Directory.CreateTempSubdirectory("sluice-bicep-").FullName;
        try
        {
            var file = Path.Combine(folder, "anonymous.bicepparam");
            await File.WriteAllTextAsync(file, $"""
                using '{Path.GetRelativePath(folder, Repository.PathOf("bicep", "main.bicep"))}'
                param environment = 'dev'
                param postgresAdminGroupObjectId = '00000000-0000-0000-0000-000000000000'
                param postgresAdminGroupName = 'admins'
                param authMode = '{mode}'
                """);
            var build = await Run("build-params", file, "--stdout");
            Assert.NotEqual(0, build.ExitCode);
            Assert.Contains("BCP033", build.Error, StringComparison.Ordinal); // the value is not one of the allowed
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(ParameterFiles))]
    public async Task Every_parameter_file_deploys_a_token_mode_with_its_settings(string parameters)
    {
        var build = await Run("build-params", parameters, "--stdout");
        var values = JsonNode.Parse(JsonNode.Parse(build.Output)!["parametersJson"]!.GetValue<string>())!["parameters"]!;
        var mode = (string?)values["authMode"]?["value"] ?? "jwt";
        Assert.DoesNotContain("none", mode, StringComparison.OrdinalIgnoreCase);
        if (mode.Contains("jwt", StringComparison.Ordinal)) Assert.False(string.IsNullOrEmpty((string?)values["entraAudience"]?["value"]));
        if (mode.Contains("keystone", StringComparison.Ordinal)) Assert.StartsWith("https://", (string?)values["keystoneUrl"]?["value"]);
        var arm = JsonNode.Parse((await Run("build", "main.bicep", "--stdout")).Output)!;
        var allowed = arm["parameters"]!["authMode"]!["allowedValues"]!.AsArray().Select(v => (string)v!).ToArray();
        Assert.All(allowed, m => Assert.DoesNotContain("none", m, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_linter_runs_strict() =>
        Assert.Equal("error", (string?)JsonNode.Parse(File.ReadAllText(Repository.PathOf("bicep", "bicepconfig.json")))!
            ["analyzers"]!["core"]!["rules"]!["use-recent-api-versions"]!["level"]);

    [Fact]
    public async Task A_misspelled_property_is_caught()
    {
        var folder = Directory.CreateTempSubdirectory("sluice-bicep-").FullName;
        try
        {
            var file = Path.Combine(folder, "bad.bicep");
            await File.WriteAllTextAsync(file, """
                resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
                  name: 'stsluicebad'
                  location: 'westeurope'
                  kind: 'StorageV2'
                  sku: { name: 'Standard_ZRS' }
                  properties: { allowSharedKeyAcess: false }
                }
                """);
            var build = await Run("build", file, "--stdout");
            Assert.Equal(0, build.ExitCode); // a warning only: exactly why the output must be read
            Assert.Contains("Warning", build.Error, StringComparison.Ordinal);
            Assert.Contains("allowSharedKeyAcess", build.Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The stamp has what one region needs, with the settings its users depend on.</summary>
    [Fact]
    public async Task The_stamp_declares_each_resource_with_identity_only_access()
    {
        var build = await Run("build", "main.bicep", "--stdout");
        var arm = build.Output;
        foreach (var type in new[]
                 {
                     "Microsoft.ManagedIdentity/userAssignedIdentities", "Microsoft.OperationalInsights/workspaces",
                     "Microsoft.Insights/components", "Microsoft.Storage/storageAccounts", "Microsoft.KeyVault/vaults",
                     "Microsoft.DBforPostgreSQL/flexibleServers", "Microsoft.DBforPostgreSQL/flexibleServers/administrators",
                     "Microsoft.Web/serverfarms", "Microsoft.Web/sites", "Microsoft.Authorization/roleAssignments",
                     "Microsoft.Network/virtualNetworks", "Microsoft.Network/privateEndpoints", "Microsoft.Network/privateDnsZones",
                 })
        {
            Assert.Contains($"\"type\": \"{type}\"", arm, StringComparison.Ordinal);
        }
        string[] settings =
        [
            "\"allowSharedKeyAccess\": false", "\"passwordAuth\": \"Disabled\"", "\"activeDirectoryAuth\": \"Enabled\"",
            "\"DisableLocalAuth\": true", "\"enableRbacAuthorization\": true", "\"name\": \"FC1\"",
            "\"name\": \"custom\"", "'ZoneRedundant'", "\"type\": \"UserAssigned\"",
            "'Sluice__Auth__Mode'", "'Sluice__Auth__Jwt__Audience'", "secrets/keystone-password/",
        ];
        foreach (var setting in settings) Assert.Contains(setting, arm, StringComparison.Ordinal);
        // Settings Flex rejects or ignores must not be set.
        // Every %SETTING% a timer schedule names is an app setting, or the host cannot index the function.
        foreach (var job in Sluice.Functions.Jobs.BackgroundJobs.All(new Sluice.Infra.SluiceOptions()))
        {
            Assert.Matches("^%[A-Z_]+%$", job.Schedule);
            // The app settings are one concat() expression (the auth settings join them), so names appear quoted there.
            Assert.Contains($"'name', '{job.Schedule.Trim('%')}'", arm, StringComparison.Ordinal);
        }
        foreach (var deprecated in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE" })
        {
            Assert.DoesNotContain(deprecated, arm, StringComparison.Ordinal);
        }
        Assert.NotNull(JsonNode.Parse(arm)!["outputs"]!["endpoint"]);
    }

    private static async Task<(int ExitCode, string Output, string Error)> Run(params string[] args)
    {
        Assert.True(File.Exists(Bicep), $"the Bicep CLI is missing at {Bicep}: restore tests/Sluice.Integration.Tests");
        if (!File.GetUnixFileMode(Bicep).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(Bicep, File.GetUnixFileMode(Bicep) | UnixFileMode.UserExecute);
        }
        var info = new ProcessStartInfo(Bicep, args)
        {
            WorkingDirectory = Repository.PathOf("bicep"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
