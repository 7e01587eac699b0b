using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Sluice.Functions.Auth;

/// <summary>
/// Mode <c>none</c> lets any caller be any tenant, so it is served on loopback only: once the server has bound its
/// addresses, a service in that mode that listens on any other address, or runs in Azure (behind the Functions host,
/// which is public whatever the handler binds), logs one line saying why and stops with exit code 1.
/// </summary>
internal sealed partial class AnonymousGuard(IServer server, IHostApplicationLifetime lifetime, IConfiguration configuration, ILogger<AnonymousGuard> log)
    : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var reason = Refusal(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], configuration["WEBSITE_INSTANCE_ID"]);
        if (reason is not null)
        {
            LogRefused(log, reason);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
        return Task.CompletedTask;
    }

    /// <summary>Why mode <c>none</c> may not serve on <paramref name="addresses"/>, or null when it may.</summary>
    public static string? Refusal(IEnumerable<string> addresses, string? azureInstance)
    {
        if (!string.IsNullOrEmpty(azureInstance))
        {
            return "Sluice__Auth__Mode includes none, which serves anyone as any tenant, and this is an Azure deployment: set it to jwt or keystone.";
        }
        foreach (var address in addresses)
        {
            var host = BindingAddress.Parse(address).Host;
            if (host != "localhost" && !(IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IsLoopback(ip)))
            {
                return $"Sluice__Auth__Mode includes none, which serves anyone as any tenant, on loopback addresses only, and the service listens on {address}: set it to jwt or keystone, or listen on 127.0.0.1.";
            }
        }
        return null;
    }

    public static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "Refusing to serve: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);
}
