using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Sluice.Integration.Tests.Harness;

/// <summary>A real SMTP server on a loopback port (the SmtpServer library) that keeps every mail it accepts.</summary>
public sealed class MailReceiver : MessageStore, IAsyncDisposable
{
    private readonly ConcurrentQueue<MimeMessage> _mails = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private readonly CancellationTokenSource _stop = new();
    private SmtpServer.SmtpServer? _server;
    private Task? _running;

    public MailReceiver(int port) => Port = port;

    public int Port { get; }

    public IReadOnlyList<MimeMessage> Mails => [.. _mails];

    /// <summary>A loopback port nothing listens on yet.</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Start()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(this);
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public async Task<IReadOnlyList<MimeMessage>> WaitFor(int count, double seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (_mails.Count < count)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await _arrived.WaitAsync(left)) throw new TimeoutException($"after {seconds} s {_mails.Count} mails had arrived");
        }
        return Mails;
    }

    public override async Task<SmtpResponse> SaveAsync(
        ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(buffer.ToArray());
        _mails.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
        _arrived.Release();
        return SmtpResponse.Ok;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            try
            {
#pragma warning disable VSTHRD003 // the server's task was started by this instance, in Start
                await _running;
#pragma warning restore VSTHRD003
            }
            catch (OperationCanceledException)
            {
            }
        }
        _stop.Dispose();
        _arrived.Dispose();
    }
}
