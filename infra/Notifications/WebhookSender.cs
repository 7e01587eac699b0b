using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Infra.Notifications;

/// <summary>
/// Posts notifications to http(s) subscribers (trust+http(s) as plain http(s) while auth is off), one request per
/// message, as Zaqar's webhook task does: 2xx–4xx ends the delivery, 5xx and network faults are retried.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _client;

    public WebhookSender(NotificationOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AllowAutoRedirect = false,
            // A proxy would be the address the guard checks, not the subscriber's.
            UseProxy = !options.BlockPrivateNetworks,
            ConnectTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
        };
        if (options.BlockPrivateNetworks) handler.ConnectCallback = ConnectPublicOnly;
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds) };
    }

    public async Task<DeliveryResult> Send(Notification notification, CancellationToken cancellationToken)
    {
        var url = notification.Subscriber.StartsWith("trust+", StringComparison.Ordinal) ? notification.Subscriber[6..] : notification.Subscriber;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(notification.Payload()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (notification.Options["post_headers"] is JsonObject headers)
        {
            // Checked when the subscription was made; checked again, since options come back from the store.
            foreach (var (name, value) in headers)
            {
                if (value?.GetValueKind() != JsonValueKind.String || value.GetValue<string>() is not { } text || !PostHeaders.IsAllowed(name, text)) continue;
                if (string.Equals(name, "Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    // Zaqar updates its header map: the subscription's Content-Type replaces the default.
                    request.Content.Headers.Remove("Content-Type");
                    request.Content.Headers.TryAddWithoutValidation(name, text);
                }
                else if (!request.Headers.TryAddWithoutValidation(name, text))
                {
                    request.Content.Headers.TryAddWithoutValidation(name, text);
                }
            }
        }
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return status < 400 ? DeliveryResult.Delivered : status < 500 ? DeliveryResult.Rejected : DeliveryResult.Failed;
        }
        catch (HttpRequestException e) when (e.InnerException is BlockedAddressException)
        {
            return DeliveryResult.Rejected;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Failed;
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// Connects only to public addresses, trying each in turn: a subscriber URI must not reach into the service's own
    /// network. The address is resolved and connected in one step, so a name that changes its answer (DNS rebinding)
    /// is checked on the address actually used.
    /// </summary>
    private static async ValueTask<Stream> ConnectPublicOnly(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        Exception? last = null;
        foreach (var address in addresses)
        {
            if (!IsPublic(address)) continue;
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }
        throw last ?? new BlockedAddressException($"Subscriber host {context.DnsEndPoint.Host} resolves only to non-public addresses.");
    }

    /// <summary>
    /// False for loopback, private, link-local, shared (CGNAT), benchmarking, documentation, multicast and reserved
    /// ranges, and for IPv6 forms that carry such an IPv4 address (mapped, compatible, NAT64, 6to4).
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (Embedded(address) is { } v4) return IsPublic(v4);
            if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.IPv6Any)) return false;
            var b6 = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
                     || (b6[0] == 0x20 && b6[1] == 0x01 && b6[2] == 0x0d && b6[3] == 0xb8)); // 2001:db8::/32, documentation
        }
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 or >= 224 => false,
            100 => b[1] is < 64 or >= 128,                                  // 100.64.0.0/10, shared address space
            169 => b[1] != 254,                                             // link-local, the metadata endpoint
            172 => b[1] is < 16 or >= 32,
            192 => !(b[1] == 168 || (b[1] == 0 && b[2] is 0 or 2)),         // private, IETF 192.0.0.0/24, TEST-NET-1
            198 => !(b[1] is 18 or 19 || (b[1] == 51 && b[2] == 100)),      // benchmarking 198.18.0.0/15, TEST-NET-2
            203 => !(b[1] == 0 && b[2] == 113),                             // TEST-NET-3
            _ => true,
        };
    }

    /// <summary>The IPv4 address an IPv6 one carries: ::ffff:a.b.c.d, ::a.b.c.d, 64:ff9b::a.b.c.d, 2002:aabb:ccdd::.</summary>
    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var b = address.GetAddressBytes();
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0)) return new IPAddress(b.AsSpan(12, 4));
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0) return new IPAddress(b.AsSpan(12, 4));
        if (b[0] == 0x20 && b[1] == 0x02) return new IPAddress(b.AsSpan(2, 4));
        return null;
    }
}
