using System.Globalization;

namespace Sluice.Benchmarks;

/// <summary>The command line: <c>--app PATH --pg CONN --out DIR [--rounds 3] [--seconds 5]</c> and a few optional labels.</summary>
internal sealed record Options(
    string App,
    string Pg,
    string Out,
    int Rounds,
    int Seconds,
    int ColdStarts,
    int DrainTimeoutSeconds,
    int PushMessages,
    int BacklogDepth,
    int BacklogSeconds,
    IReadOnlyList<string> Scenarios,
    bool Noisy,
    int NoisySeconds,
    int NoisyLimit,
    bool Auth,
    int AuthRounds,
    string? Keystone,
    bool Growth,
    int GrowthSmall,
    int GrowthLarge,
    int GrowthSeconds,
    int GrowthSteadySeconds,
    string? PublishMode,
    string? ServiceRevision,
    string Command)
{
    public const string Usage = """
        usage: Sluice.Benchmarks --app <published Sluice executable> --pg "<npgsql connection string>" --out <dir>
                                 [--rounds 3] [--seconds 3] [--cold-starts 5] [--drain-timeout 30] [--push 5000]
                                 [--backlog 250000] [--backlog-seconds 10] [--scenarios produce,consume,backlog,mixed,latency,noisy,auth,growth]
                                 [--noisy-seconds 10] [--noisy-limit 0 (derived)] [--auth-rounds 5] [--keystone <identity v3 URL>]
                                 [--growth-small 10000] [--growth-large 1000000] [--growth-seconds 10] [--growth-steady-seconds 300]
                                 [--publish-mode <label>] [--service-rev <label>]
        With --keystone, the auth scenario reads the password of Keystone's users from SLUICE_BENCH_KEYSTONE_PASSWORD.
        """;

    public static Options? Parse(string[] args, TextWriter error)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var key = args[i];
            if (key is "-h" or "--help")
            {
                error.WriteLine(Usage);
                return null;
            }
            if (!key.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                error.WriteLine($"unexpected argument '{key}'");
                error.WriteLine(Usage);
                return null;
            }
            map[key[2..]] = args[++i];
        }
        var known = new HashSet<string>(StringComparer.Ordinal)
        {
            "app", "pg", "out", "rounds", "seconds", "cold-starts", "drain-timeout", "push", "backlog", "backlog-seconds", "scenarios",
            "noisy-seconds", "noisy-limit", "auth-rounds", "keystone", "growth-small", "growth-large", "growth-seconds", "growth-steady-seconds",
            "publish-mode", "service-rev",
        };
        foreach (var key in map.Keys.Where(k => !known.Contains(k)))
        {
            error.WriteLine($"unknown option --{key}");
            error.WriteLine(Usage);
            return null;
        }
        if (!map.TryGetValue("app", out var app) || !map.TryGetValue("pg", out var pg) || !map.TryGetValue("out", out var outDir))
        {
            error.WriteLine("--app, --pg and --out are required");
            error.WriteLine(Usage);
            return null;
        }
        int Int(string name, int fallback, int min)
        {
            if (!map.TryGetValue(name, out var text)) return fallback;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min) return value;
            throw new FormatException($"--{name} must be an integer >= {min} (got '{text}')");
        }
        var scenarios = map.TryGetValue("scenarios", out var list)
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : Report.ScenarioNames;
        string[] once = [Sluice.Benchmarks.Noisy.Name, Sluice.Benchmarks.Auth.Name, Sluice.Benchmarks.Growth.Name];
        if (scenarios.Length == 0 || scenarios.Any(s => !Report.ScenarioNames.Contains(s) && !once.Contains(s)))
        {
            error.WriteLine($"--scenarios takes a comma list of {string.Join(", ", Report.ScenarioNames)}, {string.Join(", ", once)}");
            return null;
        }
        if (scenarios.Contains("consume") && !scenarios.Contains("produce"))
        {
            error.WriteLine("--scenarios: consume drains what produce filled, so it needs produce");
            return null;
        }
        try
        {
            return new Options(
                Path.GetFullPath(app), pg, Path.GetFullPath(outDir),
                Int("rounds", 3, 1), Int("seconds", 3, 1), Int("cold-starts", 5, 1), Int("drain-timeout", 30, 1), Int("push", 5000, 0),
                Int("backlog", 250_000, 1), Int("backlog-seconds", 10, 1), [.. Report.ScenarioNames.Where(scenarios.Contains)],
                scenarios.Contains(Sluice.Benchmarks.Noisy.Name), Int("noisy-seconds", 10, 1), Int("noisy-limit", 0, 0),
                scenarios.Contains(Sluice.Benchmarks.Auth.Name), Int("auth-rounds", 5, 1), map.GetValueOrDefault("keystone") is { Length: > 0 } k ? k : null,
                scenarios.Contains(Sluice.Benchmarks.Growth.Name), Int("growth-small", 10_000, Scenarios<string>.Batch),
                Int("growth-large", 1_000_000, Scenarios<string>.Batch), Int("growth-seconds", 10, 1), Int("growth-steady-seconds", 300, 1),
                map.GetValueOrDefault("publish-mode"), map.GetValueOrDefault("service-rev"), Invocation.Describe(args));
        }
        catch (FormatException e)
        {
            error.WriteLine(e.Message);
            return null;
        }
    }
}
