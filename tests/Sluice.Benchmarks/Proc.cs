using System.Globalization;

namespace Sluice.Benchmarks;

/// <summary>Readings from /proc: CPU time of processes, resident memory, load average, machine facts.</summary>
internal static class Proc
{
    /// <summary>Clock ticks per second of /proc/*/stat (USER_HZ; 100 on every Linux this runs on).</summary>
    private const double UserHz = 100.0;

    /// <summary>Fields of /proc/PID/stat after the command name: [0] is field 3 (state).</summary>
    private static string[]? StatFields(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var close = text.LastIndexOf(')');
            return close < 0 ? null : text[(close + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long Field(string[] f, int statField) => long.Parse(f[statField - 3], CultureInfo.InvariantCulture);

    /// <summary>utime+stime of a process in seconds (NaN when it is gone); with its reaped children's when asked.</summary>
    public static double CpuSeconds(int pid, bool withReapedChildren = false)
    {
        var f = StatFields(pid);
        if (f is null) return double.NaN;
        var ticks = Field(f, 14) + Field(f, 15);
        if (withReapedChildren) ticks += Field(f, 16) + Field(f, 17);
        return ticks / UserHz;
    }

    public static int ParentOf(int pid)
    {
        var f = StatFields(pid);
        return f is null ? -1 : (int)Field(f, 4);
    }

    public static string? CommandName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The arguments a process was started with, its program first (empty when unreadable).</summary>
    public static string[] CommandLine(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/cmdline");
            return text.Length == 0 ? [] : text.TrimEnd('\0').Split('\0');
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : -1)
            .Where(p => p > 0);

    /// <summary>
    /// CPU seconds of one PostgreSQL cluster: the postmaster (with the children it reaped, e.g. ended backends)
    /// plus every live child. Without a known postmaster: every process named postgres on the machine.
    /// </summary>
    public static double PostgresCpuSeconds(int postmaster)
    {
        if (postmaster <= 0)
        {
            return AllPids().Where(p => CommandName(p) is { } c && c.StartsWith("postgres", StringComparison.Ordinal))
                .Select(p => CpuSeconds(p)).Where(s => !double.IsNaN(s)).Sum();
        }
        var total = CpuSeconds(postmaster, withReapedChildren: true);
        foreach (var pid in AllPids())
        {
            if (pid != postmaster && ParentOf(pid) == postmaster)
            {
                var s = CpuSeconds(pid);
                if (!double.IsNaN(s)) total += s;
            }
        }
        return total;
    }

    /// <summary>A line of /proc/PID/status in MiB (VmRSS, VmHWM); NaN when absent.</summary>
    public static double StatusMiB(int pid, string key)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith(key + ":", StringComparison.Ordinal)) continue;
                var parts = line[(key.Length + 1)..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        catch (IOException)
        {
        }
        return double.NaN;
    }

    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', parts.Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    public static double SelfCpuSeconds() => CpuSeconds(Environment.ProcessId);

    public static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "?" : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }

    /// <summary>A /proc/meminfo entry in GiB.</summary>
    public static double MemInfoGiB(string key)
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal));
            if (line is null) return double.NaN;
            var kb = long.Parse(line[(key.Length + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            return kb / 1024.0 / 1024.0;
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    public static string Kernel()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        }
        catch (IOException)
        {
            return "?";
        }
    }
}

/// <summary>CPU seconds of the service, the PostgreSQL cluster and this process, taken before and after a scenario.</summary>
internal sealed record CpuSnapshot(double Service, double Postgres, double LoadGenerator)
{
    public static CpuSnapshot Take(int servicePid, int postmaster) =>
        new(servicePid > 0 ? Proc.CpuSeconds(servicePid) : 0, Proc.PostgresCpuSeconds(postmaster), Proc.SelfCpuSeconds());

    public CpuSnapshot Minus(CpuSnapshot before) =>
        new(Service - before.Service, Postgres - before.Postgres, LoadGenerator - before.LoadGenerator);
}

/// <summary>Samples a process's VmRSS every ~50 ms while a piece of work runs; returns the largest seen (MiB).</summary>
internal static class RssSampler
{
    public static async Task<double> During(int pid, Func<Task> work)
    {
        var peak = Proc.StatusMiB(pid, "VmRSS");
        using var stop = new CancellationTokenSource();
        async Task Loop()
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    var rss = Proc.StatusMiB(pid, "VmRSS");
                    if (rss > peak || double.IsNaN(peak)) peak = rss;
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
        var sampling = Task.Run(Loop, CancellationToken.None);
        try
        {
            await work();
        }
        finally
        {
            await stop.CancelAsync();
            await sampling;
        }
        var last = Proc.StatusMiB(pid, "VmRSS");
        return last > peak ? last : peak;
    }
}
