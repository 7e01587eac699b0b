using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Sluice.Integration.Tests.Harness;

/// <summary>The service with what it logs (Information and above) kept in <see cref="Log"/>.</summary>
public class LoggedApp : SluiceApp
{
    public LogRecorder Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(logging => logging.AddProvider(Log));
    }
}
