using System.Globalization;
using System.Runtime.InteropServices;

namespace Sluice.Functions.Http;

/// <summary>
/// Each project's request rate (configuration section "Sluice:RateLimits"; README "Rate limits"): a token bucket that
/// refills <see cref="PermitsPerSecond"/> and holds at most <see cref="Burst"/> permits. A rate of 0 is no limit, the
/// default. <see cref="Projects"/> overrides either value for a project, named exactly as its X-Project-ID.
/// </summary>
public sealed class RateLimits
{
    /// <summary>The lowest positive rate (one request in 1000 s) and the highest, so that the refill period is a sane TimeSpan.</summary>
    public const double MinPermitsPerSecond = 0.001;

    public const double MaxPermitsPerSecond = 1_000_000;

    /// <summary>Permits added to each project's bucket per second; 0: no limit.</summary>
    public double PermitsPerSecond { get; set; }

    /// <summary>The bucket's size: requests a project may make at once after a pause; 0: one second's worth of the rate.</summary>
    public int Burst { get; set; }

    /// <summary>Per-project overrides; a value left out is the default's.</summary>
    public Dictionary<string, Override> Projects { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The section bound and validated: a value out of range stops the start-up with a message naming it.</summary>
    public static RateLimits From(IConfiguration configuration)
    {
        var limits = configuration.GetSection("Sluice:RateLimits").Get<RateLimits>() ?? new RateLimits();
        Check("Sluice:RateLimits", limits.PermitsPerSecond, limits.Burst);
        foreach (var (project, o) in limits.Projects)
        {
            Check($"Sluice:RateLimits:Projects:{project}", o.PermitsPerSecond ?? 0, o.Burst ?? 0);
        }
        return limits;
    }

    /// <summary>The limit of <paramref name="project"/>; a rate of 0 means none.</summary>
    public Limit For(string project)
    {
        var rate = PermitsPerSecond;
        var burst = Burst;
        if (Projects.TryGetValue(project, out var o))
        {
            rate = o.PermitsPerSecond ?? rate;
            burst = o.Burst ?? burst;
        }
        return new Limit(rate, burst > 0 ? burst : (int)Math.Max(1, Math.Ceiling(rate)));
    }

    private static void Check(string section, double rate, int burst)
    {
        if (rate != 0 && !(rate >= MinPermitsPerSecond && rate <= MaxPermitsPerSecond))
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{section}:PermitsPerSecond is {rate}: it must be 0 (no limit) or from {MinPermitsPerSecond} to {MaxPermitsPerSecond:0}."));
        }
        if (burst < 0)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"{section}:Burst is {burst}: it must be 0 (one second's worth of PermitsPerSecond) or more."));
        }
    }

    /// <summary>One project's values; null: the default's.</summary>
    public sealed class Override
    {
        public double? PermitsPerSecond { get; set; }

        public int? Burst { get; set; }
    }

    /// <summary>An effective limit: <see cref="PermitsPerSecond"/> 0 is none.</summary>
    [StructLayout(LayoutKind.Auto)]
    public readonly record struct Limit(double PermitsPerSecond, int Burst)
    {
        public bool Unlimited => PermitsPerSecond == 0;

        /// <summary>The time one permit takes to come back, at least one tick.</summary>
        public TimeSpan RefillPeriod => TimeSpan.FromTicks(Math.Max(1, (long)Math.Round(TimeSpan.TicksPerSecond / PermitsPerSecond)));
    }
}
