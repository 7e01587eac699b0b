using System.Globalization;

namespace Sluice.Benchmarks;

/// <summary>
/// <c>auth</c>, Sluice only: what authentication costs on the hot path. The produce load (8 connections posting
/// batches of 10 bodies of 256 bytes for --seconds) against three services started at once that differ only in
/// <c>Sluice__Auth__Mode</c>: none (X-Project-ID), keystone (one X-Auth-Token for every connection, asked of the real
/// Keystone once and then answered from the service's cache) and jwt (one bearer token of <see cref="OidcIssuer"/>,
/// whose signature is checked on every request). Each round runs every mode once, in an order rotated by round, so
/// that the machine's drift spreads over the modes; the services stay up between runs, each the others' idle
/// neighbour, so every mode runs beside the same company.
/// </summary>
internal static class Auth
{
    public const string Name = "auth";

    /// <summary>Round 0's length per mode, unreported (--seconds is often shorter than a warm-up needs on a busy machine).</summary>
    private const int WarmUpSeconds = 5;

    private sealed record Mode(string Name, Credentials? Credentials, Dictionary<string, string> Settings);

    private sealed record Running(Mode Mode, ServiceProcess Service, Scenarios<string> Scenarios, string Project);

    public static async Task<AuthResult> Run(Options options, string logPath, string runId, int postmaster, Action<string> say, CancellationToken ct)
    {
        using var issuer = OidcIssuer.Start();
        using var stopIssuer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var serving = issuer.Serve(stopIssuer.Token);
        try
        {
            var (keystone, keystoneMissing) = options.Keystone is null
                ? (null, "no Keystone was given (--keystone; ./bench.sh starts one for this scenario and said above why it could not)")
                : await KeystoneLogin.MemberToken(options.Keystone, ct);
            List<Mode> modes = [new("none", null, Settings("none"))];
            if (keystone is not null)
            {
                modes.Add(new("keystone", keystone, Settings("keystone", new(StringComparer.Ordinal)
                {
                    ["Sluice__Auth__Keystone__Url"] = options.Keystone!,
                    ["Sluice__Auth__Keystone__Username"] = KeystoneLogin.ServiceUser,
                    ["Sluice__Auth__Keystone__Password"] = KeystoneLogin.Password ?? "",
                    ["Sluice__Auth__Keystone__Project"] = KeystoneLogin.ServiceProject,
                })));
            }
            modes.Add(new("jwt", Credentials.Bearer(issuer.Mint($"bench-{runId}-jwt"), $"bench-{runId}-jwt"), Settings("jwt", new(StringComparer.Ordinal)
            {
                ["Sluice__Auth__Jwt__Authority"] = issuer.Url,
                ["Sluice__Auth__Jwt__Audience"] = OidcIssuer.Audience,
                ["Sluice__Auth__Jwt__RequireHttpsMetadata"] = "false",
            })));
            return await Measure(options, logPath, runId, postmaster, modes, keystoneMissing, say, ct);
        }
        finally
        {
            await stopIssuer.CancelAsync();
            await serving;
        }
    }

    private static Dictionary<string, string> Settings(string mode, Dictionary<string, string>? more = null)
    {
        var settings = more ?? new Dictionary<string, string>(StringComparer.Ordinal);
        settings["Sluice__Auth__Mode"] = mode;
        return settings;
    }

    private static async Task<AuthResult> Measure(Options options, string logPath, string runId, int postmaster, List<Mode> modes, string? keystoneMissing,
        Action<string> say, CancellationToken ct)
    {
        var missing = new List<string>();
        if (keystoneMissing is not null) missing.Add($"keystone: {keystoneMissing}");
        var running = new List<Running>();
        try
        {
            foreach (var mode in modes)
            {
                var service = ServiceProcess.Start(options, logPath, mode.Settings);
                try
                {
                    await service.WaitForPing(TimeSpan.FromSeconds(60), ct, mode.Credentials);
                }
                catch (Exception e) when (mode.Credentials is not null && e is TimeoutException or InvalidOperationException)
                {
                    // A token mode whose identity service does not take the token: the others are still measured.
                    missing.Add($"{mode.Name}: its service never answered ping with the token: {e.Message}");
                    await service.DisposeAsync();
                    continue;
                }
                var project = mode.Credentials?.Project ?? $"bench-{runId}-none";
                running.Add(new(mode, service, new Scenarios<string>(new SluiceBackend(service.BaseUri, mode.Credentials), options.DrainTimeoutSeconds, ct), project));
                say($"auth: service in mode {mode.Name}, pid {service.Pid} on {service.BaseUri}");
            }
            foreach (var line in missing) Loud(say, $"auth: {line}; that mode is NOT measured");
            // Round 0 is an unreported warm-up at full load: the first token validations (Keystone asked, the issuer's
            // keys read) and the JIT's recompilation of the hot path happen there, in every service.
            var runs = new List<RunResult>();
            for (var round = 0; round <= options.AuthRounds; round++)
            {
                for (var i = 0; i < running.Count; i++)
                {
                    var m = running[(round + i) % running.Count];
                    if (m.Service.HasExited) throw new InvalidOperationException($"the service in mode {m.Mode.Name} exited during the run; its last output:\n{m.Service.Tail()}");
                    var r = new RunResult(Name, m.Mode.Name, round);
                    await new Probe(m.Service.Pid, postmaster).Watch(r, sampleServiceRss: false,
                        () => m.Scenarios.Produce(r, m.Project, $"auth-{m.Mode.Name}-r{round}", round == 0 ? WarmUpSeconds : options.Seconds));
                    r.Figures["cpu_service_us_per_req"] = r.Figures["cpu_service_s"] * 1e6 / r.Figures["requests"];
                    if (round > 0) runs.Add(r);
                    say(Line(r, options.AuthRounds));
                }
            }
            return new AuthResult(options.Seconds, options.AuthRounds, [.. running.Select(m => m.Mode.Name)], runs, missing);
        }
        finally
        {
            foreach (var m in running) await m.Service.DisposeAsync();
        }
    }

    private static void Loud(Action<string> say, string line)
    {
        say(new string('!', 100));
        say($"!!! {line}");
        say(new string('!', 100));
    }

    private static string Line(RunResult r, int rounds)
    {
        double F(string key) => r.Figures.GetValueOrDefault(key, double.NaN);
        return string.Create(CultureInfo.InvariantCulture,
            $"auth {(r.Round == 0 ? "warm-up" : $"r{r.Round}/{rounds}")} {r.System,-8} {F("msgs_per_s"),9:N0} msgs/s {F("req_per_s"),8:N0} req/s  p50 {F("p50_ms"),6:0.00} p99 {F("p99_ms"),6:0.00} ms, errors {r.ErrorCount}; service cpu {F("cpu_service_us_per_req"):0} µs/req; load {r.LoadAfter}");
    }
}
