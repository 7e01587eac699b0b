using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Sluice.Functions.Hosting;

/// <summary>
/// Kestrel's limits on connections, chosen rather than inherited (configuration section "Sluice:Kestrel"; README
/// "Configuration" says why each default). A rate or count of 0 or less means no limit.
/// </summary>
public sealed class KestrelLimits
{
    /// <summary>The longest a client may take to send its request line and headers (Kestrel's own: 30 s).</summary>
    public double RequestHeadersTimeoutSeconds { get; set; } = 10;

    /// <summary>The longest an idle connection stays open between requests (Kestrel's own: 130 s).</summary>
    public double KeepAliveTimeoutSeconds { get; set; } = 15;

    /// <summary>
    /// The slowest a request body may arrive, averaged over the time the service waits for it (Kestrel's own: 240).
    /// The time a long poll waits for messages is not counted: its body has been read by then.
    /// </summary>
    public double MinRequestBodyBytesPerSecond { get; set; } = 1024;

    /// <summary>
    /// The slowest a client may read what the service writes, counted only while a write waits for the client (Kestrel's
    /// default): a long poll or an event stream that writes nothing for a while is never cut by it.
    /// </summary>
    public double MinResponseBytesPerSecond { get; set; } = 240;

    /// <summary>How long either rate is given before it is enforced; more than 1 s (Kestrel checks once a second).</summary>
    public double MinDataRateGraceSeconds { get; set; } = 5;

    /// <summary>Open connections at once, each long poll and event stream holding one (Kestrel's own: no limit).</summary>
    public long MaxConcurrentConnections { get; set; } = 1000;

    public void Apply(KestrelServerLimits limits)
    {
        var grace = TimeSpan.FromSeconds(MinDataRateGraceSeconds);
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(RequestHeadersTimeoutSeconds);
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(KeepAliveTimeoutSeconds);
        limits.MinRequestBodyDataRate = MinRequestBodyBytesPerSecond > 0 ? new MinDataRate(MinRequestBodyBytesPerSecond, grace) : null;
        limits.MinResponseDataRate = MinResponseBytesPerSecond > 0 ? new MinDataRate(MinResponseBytesPerSecond, grace) : null;
        limits.MaxConcurrentConnections = MaxConcurrentConnections > 0 ? MaxConcurrentConnections : null;
    }
}
