using System.Net.Sockets;

namespace Rapport.IntegrationTests.Support;

/// <summary>
/// A TCP relay between the host and PostgreSQL that a test can cut and restore, as when the server is stopped and
/// started again (or the network to it fails): <see cref="Cut"/> resets every open connection and refuses new ones on the
/// same port; <see cref="Restore"/> listens again. The shared test cluster itself is never touched.
/// </summary>
public sealed class DatabaseProxy : IAsyncDisposable
{
    private readonly string targetHost;
    private readonly int targetPort;
    private readonly Lock gate = new();
    private readonly List<TcpClient> open = [];
    private TcpListener? listener;
    private CancellationTokenSource? accepting;

    public DatabaseProxy(string targetHost, int targetPort)
    {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Listen(0);
    }

    /// <summary>The local port the host connects to.</summary>
    public int Port { get; private set; }

    public void Cut()
    {
        lock (gate)
        {
            accepting?.Cancel();
            listener?.Stop();
            listener = null;
            foreach (var client in open)
            {
                // A reset, not a polite close: what the client sees when the server process dies.
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
            }

            open.Clear();
        }
    }

    /// <summary>Listens again; nothing when it already listens (a second listener on the port would survive the next cut).</summary>
    public void Restore()
    {
        lock (gate)
        {
            if (listener is null)
            {
                Listen(Port);
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        Cut();
        return ValueTask.CompletedTask;
    }

    private void Listen(int port)
    {
        lock (gate)
        {
            var next = new TcpListener(System.Net.IPAddress.Loopback, port);
            next.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            next.Start();
            Port = ((System.Net.IPEndPoint)next.LocalEndpoint).Port;
            listener = next;
            accepting = new CancellationTokenSource();
            _ = AcceptAsync(next, accepting.Token);
        }
    }

    private async Task AcceptAsync(TcpListener from, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await from.AcceptTcpClientAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client, ct);
        }
    }

    private async Task RelayAsync(TcpClient client, CancellationToken ct)
    {
        var server = new TcpClient();
        try
        {
            await server.ConnectAsync(targetHost, targetPort, ct);
            lock (gate)
            {
                ct.ThrowIfCancellationRequested();
                open.Add(client);
                open.Add(server);
            }

            var up = client.GetStream().CopyToAsync(server.GetStream(), ct);
            var down = server.GetStream().CopyToAsync(client.GetStream(), ct);
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // Cut, or one side closed: both sides go.
        }
        finally
        {
            lock (gate)
            {
                open.Remove(client);
                open.Remove(server);
            }

            client.Dispose();
            server.Dispose();
        }
    }
}
