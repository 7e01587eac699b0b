using System.Net;
using System.Net.Sockets;

namespace Sluice.Integration.Tests.Harness;

/// <summary>
/// A byte-for-byte TCP relay on a loopback port to another port (the test PostgreSQL), that can be shut: while shut,
/// its connections are cut and new ones refused, as when the database goes away; opened again, it relays on the same
/// port. For tests of a storage outage that must not touch the PostgreSQL the other tests share.
/// </summary>
public sealed class TcpGate : IDisposable
{
    private readonly int _target;
    private readonly List<TcpClient> _connections = [];
    private readonly Lock _lock = new();
    private TcpListener? _listener;

    public TcpGate(int target)
    {
        _target = target;
        Port = Listen(0);
    }

    public int Port { get; }

    /// <summary>Cuts every relayed connection and refuses new ones.</summary>
    public void Shut()
    {
        lock (_lock)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var connection in _connections) connection.Dispose();
            _connections.Clear();
        }
    }

    /// <summary>Relays again, on the same port.</summary>
    public void Open()
    {
        lock (_lock)
        {
            if (_listener is null) Listen(Port);
        }
    }

    public void Dispose() => Shut();

    private int Listen(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _ = Accept(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task Accept(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return; // shut
            }
            _ = Relay(client);
        }
    }

    private async Task Relay(TcpClient client)
    {
        var server = new TcpClient();
        lock (_lock)
        {
            if (_listener is null)
            {
                client.Dispose();
                server.Dispose();
                return;
            }
            _connections.Add(client);
            _connections.Add(server);
        }
        try
        {
            await server.ConnectAsync(IPAddress.Loopback, _target);
            using var cut = new CancellationTokenSource();
            var up = client.GetStream().CopyToAsync(server.GetStream(), cut.Token);
            var down = server.GetStream().CopyToAsync(client.GetStream(), cut.Token);
            await Task.WhenAny(up, down);
            await cut.CancelAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // One side went away: so does the other.
        }
        finally
        {
            client.Dispose();
            server.Dispose();
            lock (_lock)
            {
                _connections.Remove(client);
                _connections.Remove(server);
            }
        }
    }
}
