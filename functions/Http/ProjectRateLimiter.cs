using System.Globalization;
using System.Threading.RateLimiting;

namespace Sluice.Functions.Http;

/// <summary>
/// The per-project request rate (<see cref="RateLimits"/>), after <see cref="RequestHooks"/>: a request whose project
/// the hooks established takes one permit from its project's token bucket, or is answered 429 with Retry-After and
/// goes no further. A long poll or an event stream is one request however long it waits. Requests without a
/// <see cref="Caller"/> (the version list, unrouted paths, the host's job invocations) are not counted.
/// </summary>
internal sealed class ProjectRateLimiter : IMiddleware, IDisposable
{
    private readonly RateLimits _limits;
    private readonly PartitionedRateLimiter<string> _buckets;

    public ProjectRateLimiter(RateLimits limits)
    {
        _limits = limits;
        Func<string, RateLimiter> bucket = project => new TokenBucketRateLimiter(Options(limits.For(project)));
        // One partition per limited project. The partitioned limiter drops a partition once its bucket has been full
        // for 10 s, so it holds the projects that asked within the last Burst / PermitsPerSecond + 10 s, not every
        // project ever seen. Unlimited projects never get one (a no-limit partition is never dropped).
        _buckets = PartitionedRateLimiter.Create<string, string>(project => new RateLimitPartition<string>(project, bucket), StringComparer.Ordinal);
    }

    public Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Items[typeof(Caller)] is not Caller caller) return next(context);
        var project = caller.Tenant.Value;
        var limit = _limits.For(project);
        if (limit.Unlimited) return next(context);
        long? retryAfter;
        using (var lease = _buckets.AttemptAcquire(project)) retryAfter = lease.IsAcquired ? null : RetryAfter(lease, limit);
        return retryAfter is { } seconds ? Refuse(context, project, limit, seconds) : next(context);
    }

    /// <summary>Whole seconds, at least 1: the limiter's estimate of when a permit is back (one refill period).</summary>
    private static long RetryAfter(RateLimitLease lease, RateLimits.Limit limit)
    {
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var estimate) ? estimate : limit.RefillPeriod;
        return (long)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
    }

    private static Task Refuse(HttpContext context, string project, RateLimits.Limit limit, long seconds)
    {
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return ApiError.Write(context, StatusCodes.Status429TooManyRequests, "Too many requests", string.Create(CultureInfo.InvariantCulture,
            $"Project {project} is limited to {limit.PermitsPerSecond:0.###} requests per second, in bursts of at most {limit.Burst}. Please try again in {seconds} second{(seconds == 1 ? "" : "s")}."));
    }

    /// <summary>
    /// No timer per bucket (AutoReplenishment off): the partitioned limiter refills every bucket every 100 ms, by the
    /// time elapsed, so a fractional rate such as 0.5 per second is exact. No queue: a request over the limit is
    /// answered at once rather than held.
    /// </summary>
    private static TokenBucketRateLimiterOptions Options(RateLimits.Limit limit) => new()
    {
        TokenLimit = limit.Burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = limit.RefillPeriod,
        AutoReplenishment = false,
        QueueLimit = 0,
    };

    public void Dispose() => _buckets.Dispose();
}
