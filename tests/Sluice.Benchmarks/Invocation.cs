using System.Text.RegularExpressions;

namespace Sluice.Benchmarks;

/// <summary>
/// The command that started this run, for the report. Started by bench.sh (its parent process), that is
/// <c>./bench.sh</c> with the arguments it was given, after the settings of the environment it reads
/// (<c>SLUICE_BENCH_PG_PORT=…</c>): bench.sh's own options to this program follow from those. Run directly, it is
/// this program's command line, with any password in the connection string masked.
/// </summary>
internal static partial class Invocation
{
    private static readonly string[] Settings = ["SLUICE_BENCH_PG_PORT", "SLUICE_BENCH_KEYSTONE_PORT"];

    public static string Describe(string[] args)
    {
        var parent = Proc.CommandLine(Proc.ParentOf(Environment.ProcessId));
        var script = Array.FindIndex(parent, a => Path.GetFileName(a) == "bench.sh");
        if (script < 0) return "dotnet Sluice.Benchmarks.dll" + string.Concat(args.Select(a => " " + Quote(Password().Replace(a, "${key}***"))));
        var settings = Settings.Select(name => (name, value: Environment.GetEnvironmentVariable(name)))
            .Where(s => !string.IsNullOrEmpty(s.value)).Select(s => $"{s.name}={Quote(s.value!)} ");
        return string.Concat(settings) + parent[script] + string.Concat(parent.Skip(script + 1).Select(a => " " + Quote(a)));
    }

    /// <summary>An argument as a POSIX shell reads it back: bare when it is plain, else in single quotes.</summary>
    private static string Quote(string arg) => arg.Length > 0 && Plain().IsMatch(arg) ? arg : "'" + arg.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex("^[A-Za-z0-9_./,:=@%+-]+$")]
    private static partial Regex Plain();

    [GeneratedRegex("(?<key>(?:^|;)\\s*Password\\s*=)[^;]*", RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex Password();
}
