using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sluice.Benchmarks;

/// <summary>
/// One run of the published service: started with the benchmark's environment on a free loopback port, its output
/// appended to a log file, its pid written to a file of its own, <c>service-PORT.pid</c> (so that bench.sh's trap can
/// stop it if this process dies, also when several run at once).
/// </summary>
internal sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>The service's PostgreSQL schema (<c>Sluice__Schema</c>).</summary>
    public const string Schema = "bench";

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly string _pidFile;
    private readonly Lock _logLock = new();
    private readonly Queue<string> _tail = new();
    private bool _closed;
    private bool _disposed;

    private ServiceProcess(Process process, StreamWriter log, string pidFile, Uri baseUri, long startedAt)
    {
        _process = process;
        _log = log;
        _pidFile = pidFile;
        BaseUri = baseUri;
        StartedAt = startedAt;
    }

    public Uri BaseUri { get; }

    /// <summary>Stopwatch timestamp taken just before Process.Start.</summary>
    public long StartedAt { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts the app; <paramref name="settings"/> are more environment variables (e.g. <c>Sluice__RateLimits__…</c>).</summary>
    public static ServiceProcess Start(Options options, string logPath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(options.App)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = Path.GetDirectoryName(options.App) ?? Environment.CurrentDirectory,
        };
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{port}");
        info.Environment["Sluice__Postgres"] = options.Pg;
        info.Environment["Sluice__Schema"] = Schema;
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        // The push scenario's webhook receiver listens on loopback, which webhooks may not reach by default.
        info.Environment["Sluice__Notifications__AllowPrivateNetworks"] = "true";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>(StringComparer.Ordinal)) info.Environment[name] = value;
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var startedAt = Stopwatch.GetTimestamp();
        try
        {
            process.Start();
        }
        catch
        {
            log.Dispose();
            process.Dispose();
            throw;
        }
        var pidFile = Path.Combine(options.Out, $"service-{port}.pid");
        File.WriteAllText(pidFile, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var service = new ServiceProcess(process, log, pidFile, new Uri($"http://127.0.0.1:{port}"), startedAt);
        process.OutputDataReceived += (_, e) => service.Append(e.Data);
        process.ErrorDataReceived += (_, e) => service.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var with = settings is { Count: > 0 } ? " with " + string.Join(' ', settings.Select(kv => $"{kv.Key}={kv.Value}")) : "";
        service.Append($"---- [bench] started pid {process.Id} on port {port}{with} ----");
        return service;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_logLock)
        {
            if (_closed) return;
            _log.WriteLine(line);
            _tail.Enqueue(line);
            while (_tail.Count > 30) _tail.Dequeue();
        }
    }

    public string Tail()
    {
        lock (_logLock) return string.Join('\n', _tail);
    }

    /// <summary>
    /// Polls GET /v2/ping every ~2 ms, each attempt on a new connection, until a 2xx; returns the Stopwatch
    /// timestamp of that answer. Throws when the process exits or <paramref name="timeout"/> passes. A service in a
    /// token mode wants <paramref name="credentials"/> for ping too: only <c>GET /</c> is served without.
    /// </summary>
    public async Task<long> WaitForPing(TimeSpan timeout, CancellationToken ct, Credentials? credentials = null)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        var uri = new Uri(BaseUri, "/v2/ping");
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            using (var handler = new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2), PooledConnectionLifetime = TimeSpan.Zero })
            using (var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) })
            using (var request = new HttpRequestMessage(HttpMethod.Get, uri) { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact })
            {
                request.Headers.Add("Client-ID", "3381af92-2b9e-11e3-b191-71861300734c");
                request.Headers.Add("X-Project-ID", credentials?.Project ?? "bench-ping");
                if (credentials is not null) request.Headers.TryAddWithoutValidation(credentials.Header, credentials.Value);
                try
                {
                    using var response = await client.SendAsync(request, ct);
                    if ((int)response.StatusCode is >= 200 and < 300) return Stopwatch.GetTimestamp();
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException) when (!ct.IsCancellationRequested)
                {
                }
            }
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the service exited with code {_process.ExitCode} before answering ping; its last output:\n{Tail()}");
            }
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"the service did not answer GET /v2/ping with a 2xx within {timeout.TotalSeconds:0} s; its last output:\n{Tail()}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(2), ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (InvalidOperationException)
        {
        }
        catch (OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"[bench] warning: the service (pid {_process.Id}) did not exit within 15 s of SIGKILL");
        }
        Append($"---- [bench] stopped pid {_process.Id} ----");
        try
        {
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
        }
        lock (_logLock)
        {
            _closed = true;
            _log.Dispose();
        }
        _process.Dispose();
    }
}
