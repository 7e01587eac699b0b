using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.Integration.Tests.Harness;

/// <summary>
/// The built service run as its own process, as ./run.sh runs it, on Kestrel: for tests that kill it or that need a
/// real socket.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process) => _process = process;

    /// <summary>
    /// Starts the service on <paramref name="host"/>:<paramref name="port"/> (loopback unless said); <paramref name="settings"/>
    /// are environment variables. It has started when <paramref name="probe"/> answers with a status <paramref name="ready"/>
    /// accepts (default: ping succeeds).
    /// </summary>
    public static async Task<ServiceProcess> Start(int port, string schema, IReadOnlyDictionary<string, string>? settings = null,
        string host = "127.0.0.1", string probe = "/v2/ping", Func<HttpStatusCode, bool>? ready = null)
    {
        var info = new ProcessStartInfo("dotnet", [ServiceDll(), "--urls", $"http://{host}:{port}"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["Sluice__Postgres"] = TestDatabase.ConnectionString;
        info.Environment["Sluice__Schema"] = schema;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) info.Environment[name] = value;
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceProcess(process);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("Client-ID", Guid.NewGuid().ToString());
        client.DefaultRequestHeaders.Add("X-Project-ID", "probe");
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited) throw new InvalidOperationException($"the service exited with {process.ExitCode}");
            try
            {
                using var ping = await client.GetAsync(probe);
                if (ready?.Invoke(ping.StatusCode) ?? ping.IsSuccessStatusCode) return service;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50);
            }
        }
        service.Dispose();
        throw new TimeoutException($"the service did not answer {probe} as expected within 30 s");
    }

    /// <summary>
    /// Runs the service with <paramref name="arguments"/> and <paramref name="settings"/> (environment variables) for a
    /// start-up expected to fail: its exit code and everything it wrote, or a timeout when it keeps running.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExit(IEnumerable<string> arguments, IReadOnlyDictionary<string, string> settings)
    {
        var info = new ProcessStartInfo("dotnet", [ServiceDll(), .. arguments])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in settings) info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException e)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the service kept running for 60 s", e);
        }
        return (process.ExitCode, await output + await error);
    }

    /// <summary>A loopback port free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL: no graceful shutdown, in-flight requests die with the process.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }

    /// <summary>functions/bin/{same configuration as this test build}/net10.0/Sluice.Functions.dll.</summary>
    private static string ServiceDll()
    {
        var here = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        var dir = new DirectoryInfo(here);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Queue.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("Queue.sln not found above " + here);
        var configuration = new DirectoryInfo(here).Parent!.Name;
        var dll = Path.Combine(dir.FullName, "functions", "bin", configuration, "net10.0", "Sluice.Functions.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first", dll);
    }
}
