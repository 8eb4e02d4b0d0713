using System.Threading.Channels;
using Npgsql;

namespace Rapport.Infrastructure.RealTime;

/// <summary>
/// <see cref="ILiveBackplane"/> over PostgreSQL <c>LISTEN</c>/<c>NOTIFY</c> on the database the nodes already share: no
/// extra server to run. One connection per node listens; signals to send are queued and sent in small batches by the
/// same loop's sender. A payload is at most <see cref="MaxPayload"/> characters (PostgreSQL's limit is 8,000 bytes).
/// </summary>
public sealed class PostgresBackplane(string connectionString, ILogger<PostgresBackplane> log) : BackgroundService, ILiveBackplane
{
    public const string ChannelName = "rapport_live";
    public const int MaxPayload = 7000;

    private readonly Channel<string> outgoing = Channel.CreateBounded<string>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest });

    public Guid NodeId { get; } = Guid.NewGuid();

    public bool Shared => true;

    public event Action<LiveSignal>? Received;

    public event Action? Resumed;

    private bool listenedBefore;

    public void Send(string topic, string payload)
    {
        var text = $"{NodeId:N}|{topic}|{payload}";
        if (text.Length > MaxPayload)
        {
            throw new ArgumentException($"A live signal is limited to {MaxPayload} characters; split it.", nameof(payload));
        }

        outgoing.Writer.TryWrite(text);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(KeepAsync(ListenAsync, stoppingToken), KeepAsync(SendAsync, stoppingToken));

    /// <summary>Runs a loop for the node's lifetime, reconnecting with back-off when the database goes away.</summary>
    private async Task KeepAsync(Func<CancellationToken, Task> loop, CancellationToken ct)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await loop(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning(e, "Live backplane connection lost; reconnecting in {Delay}", delay);
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        // Outside the pool: a pooled connection goes back as it is, and one still listening would collect every signal.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, e) => Deliver(e.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection))
        {
            await listen.ExecuteNonQueryAsync(ct);
        }

        if (listenedBefore)
        {
            Resumed?.Invoke();
        }

        listenedBefore = true;

        while (true)
        {
            await connection.WaitAsync(ct);
        }
    }

    private async Task SendAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        var batch = new List<string>();
        while (await outgoing.Reader.WaitToReadAsync(ct))
        {
            batch.Clear();
            while (batch.Count < 50 && outgoing.Reader.TryRead(out var text))
            {
                batch.Add(text);
            }

            await using var notify = new NpgsqlBatch(connection);
            foreach (var text in batch)
            {
                notify.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)")
                {
                    Parameters = { new() { Value = ChannelName }, new() { Value = text } },
                });
            }

            await notify.ExecuteNonQueryAsync(ct);
        }
    }

    private void Deliver(string text)
    {
        var parts = text.Split('|', 3);
        if (parts.Length != 3 || !Guid.TryParseExact(parts[0], "N", out var origin) || origin == NodeId)
        {
            return;
        }

        try
        {
            Received?.Invoke(new LiveSignal(origin, parts[1], parts[2]));
        }
        catch (Exception e)
        {
            log.LogWarning(e, "A live signal {Topic} from node {Origin} could not be handled", parts[1], origin);
        }
    }
}
