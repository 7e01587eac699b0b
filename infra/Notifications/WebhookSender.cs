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
            UseProxy = options.AllowPrivateNetworks,
            ConnectTimeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds),
        };
        if (!options.AllowPrivateNetworks) handler.ConnectCallback = ConnectPublicOnly;
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(options.RequestTimeoutSeconds) };
    }

    public async Task<DeliveryResult> Send(Notification notification, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Target(notification.Subscriber)) { Content = new ByteArrayContent(notification.Payload()) };
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
    /// Whether an http(s) subscriber names a non-public address literally, in any spelling the URI parser reads as one
    /// (<c>2130706433</c>, <c>0x7f000001</c>, <c>0177.0.0.1</c>, <c>127.1</c>, <c>[::ffff:7f00:1]</c>): refused when
    /// subscribed. A host name is judged only on delivery, on the address it then resolves to. A mailto subscriber's
    /// domain is no address Sluice connects to: mail goes to the configured relay.
    /// </summary>
    public static bool NamesNonPublicAddress(string subscriber) =>
        Uri.TryCreate(Target(subscriber), UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
        && uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
        && IPAddress.TryParse(uri.IdnHost, out var address) && !IsPublic(address);

    /// <summary>The URL posted to: trust+http(s) as plain http(s).</summary>
    private static string Target(string subscriber) => subscriber.StartsWith("trust+", StringComparison.Ordinal) ? subscriber[6..] : subscriber;

    /// <summary>
    /// Connects only to public addresses, trying each in turn: a subscriber URI must not reach into the service's own
    /// network. The address is resolved and connected in one step, so a name that changes its answer (DNS rebinding)
    /// is checked on the address actually used. A literal address is taken as it is: the resolver refuses 0.0.0.0 and
    /// ::, which would otherwise count as a network fault and be retried.
    /// </summary>
    private static async ValueTask<Stream> ConnectPublicOnly(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
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
    /// ranges, for IPv6 forms that carry such an IPv4 address (mapped, translated, compatible, NAT64, 6to4), and for
    /// the IPv6 ranges that reach an IPv4 address no one can check (local-use NAT64, Teredo).
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (Embedded(address) is { } v4) return IsPublic(v4);
            var b6 = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast
                     || (b6[0] == 0x20 && b6[1] == 0x01 && b6[2] == 0x0d && b6[3] == 0xb8)                   // 2001:db8::/32, documentation
                     || (b6[0] == 0x01 && b6[1] == 0x00 && b6.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0)   // 100::/64, discard
                     || (b6[0] == 0x00 && b6[1] == 0x64 && b6[2] == 0xff && b6[3] == 0x9b && b6[4] == 0x00 && b6[5] == 0x01) // 64:ff9b:1::/48, local NAT64
                     || (b6[0] == 0x20 && b6[1] == 0x01 && b6[2] == 0x00 && b6[3] == 0x00));              // 2001::/32, Teredo (its IPv4 is hidden)
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

    /// <summary>
    /// The IPv4 address an IPv6 one carries: ::ffff:a.b.c.d, ::a.b.c.d (so :: and ::1 are 0.0.0.0 and 0.0.0.1, both
    /// refused), ::ffff:0:a.b.c.d, 64:ff9b::a.b.c.d, 2002:aabb:ccdd::.
    /// </summary>
    private static IPAddress? Embedded(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) return address.MapToIPv4();
        var b = address.GetAddressBytes();
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) return new IPAddress(b.AsSpan(12, 4));
        if (b.AsSpan(0, 8).IndexOfAnyExcept((byte)0) < 0 && b[8] == 0xff && b[9] == 0xff && b[10] == 0 && b[11] == 0) return new IPAddress(b.AsSpan(12, 4));
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0) return new IPAddress(b.AsSpan(12, 4));
        if (b[0] == 0x20 && b[1] == 0x02) return new IPAddress(b.AsSpan(2, 4));
        return null;
    }
}
