using System.Diagnostics;
using System.Text.Json.Nodes;
using Sluice.Integration.Tests.Hosting;

namespace Sluice.Integration.Tests.Harness;

/// <summary>A test's Python script (a real Zaqar client) run by Debian's interpreter, which its packages are for.</summary>
public static class PythonScript
{
    /// <summary>Runs the script at <paramref name="path"/> (under tests/Sluice.Integration.Tests) with <paramref name="arguments"/>; the JSON it prints.</summary>
    public static async Task<JsonNode> Run(string path, params string[] arguments)
    {
        // Whatever python3 comes first on PATH, Debian's python3-zaqarclient is installed for /usr/bin/python3.
        var info = new ProcessStartInfo("/usr/bin/python3", [Repository.PathOf("tests", "Sluice.Integration.Tests", path), .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("python3 did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        // A missing python3-zaqarclient fails here, loudly (test.sh installs it): never a skip.
        Assert.True(process.ExitCode == 0, $"python3 exited with {process.ExitCode}: {await error}");
        return JsonNode.Parse(await output)!;
    }
}
