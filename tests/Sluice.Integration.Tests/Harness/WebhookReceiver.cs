using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sluice.Integration.Tests.Harness;

/// <summary>One request a subscriber received, and the status it answered.</summary>
public sealed record Received(int Number, string Path, int Status, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A real HTTP subscriber on a loopback port (Kestrel). <see cref="Respond"/> chooses each answer from the request's
/// number (1-based, in arrival order); it may also wait, e.g. until the caller gives up.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _count;

    private WebhookReceiver(WebApplication app) => _app = app;

    public Func<int, CancellationToken, Task<int>> Respond { get; set; } = (_, _) => Task.FromResult(200);

    /// <summary>A Location header to send with every answer (a redirect, with a 3xx from <see cref="Respond"/>).</summary>
    public string? Location { get; set; }

    public string Url => _app.Urls.First();

    public IReadOnlyList<Received> Received => [.. _received];

    /// <summary>Listens on a free port of <paramref name="host"/> (an address as a URL writes it: 127.0.0.1, [::1]).</summary>
    public static async Task<WebhookReceiver> Start(string host = "127.0.0.1")
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{host}:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/{**path}", (Delegate)receiver.Handle);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until the requests received satisfy <paramref name="done"/>; fails after <paramref name="seconds"/>.</summary>
    public async Task<IReadOnlyList<Received>> WaitFor(Func<IReadOnlyList<Received>, bool> done, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(Received))
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left)) throw new TimeoutException($"after {seconds} s the subscriber had {Received.Count} requests");
        }
        return Received;
    }

    private async Task<IResult> Handle(HttpContext context)
    {
        var number = Interlocked.Increment(ref _count);
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        int status;
        try
        {
            status = await Respond(number, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            status = 0; // the caller gave up waiting
        }
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new Received(number, context.Request.Path.Value!, status, headers, body));
        _arrived.Release();
        if (Location is not null) context.Response.Headers.Location = Location;
        return Results.StatusCode(status == 0 ? 499 : status);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
