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
            foreach (var (name, value) in headers)
            {
                var text = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value?.ToJsonString() ?? "";
                if (!request.Headers.TryAddWithoutValidation(name, text)) request.Content.Headers.TryAddWithoutValidation(name, text);
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

    /// <summary>Connects only to public addresses: a subscriber URI must not reach into the service's own network.</summary>
    private static async ValueTask<Stream> ConnectPublicOnly(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        foreach (var address in addresses)
        {
            if (!IsPublic(address)) continue;
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(address, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw new BlockedAddressException($"Subscriber host {context.DnsEndPoint.Host} resolves only to non-public addresses.");
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return false;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
        }
        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 or >= 224 => false,
            100 => b[1] is < 64 or >= 128, // 100.64.0.0/10, shared address space
            169 => b[1] != 254,             // link-local, the metadata endpoint
            172 => b[1] is < 16 or >= 32,
            192 => b[1] != 168,
            _ => true,
        };
    }
}

/// <summary>A subscriber whose every address is private, refused by <see cref="NotificationOptions.BlockPrivateNetworks"/>.</summary>
public sealed class BlockedAddressException : Exception
{
    public BlockedAddressException() { }

    public BlockedAddressException(string message) : base(message) { }

    public BlockedAddressException(string message, Exception inner) : base(message, inner) { }
}
