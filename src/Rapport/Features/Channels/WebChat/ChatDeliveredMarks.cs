using System.Threading.Channels;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// Marks the replies that visitors' sockets on this node received as delivered, for all visitors at once: one write
/// transaction per <see cref="Every"/> instead of one per reply read (on SQLite every write transaction waits for the
/// one write lock and flushes the log). The visitor has the reply when it is queued here, so nothing waits for the
/// mark; the agent sees it change at most a window later. The mark is a conditional update (<see cref="ChatDelivery"/>),
/// so a late one never turns a read reply back into a delivered one; one lost to a crash leaves the reply "sent" until
/// the visitor reads it, which marks it read.
/// </summary>
public sealed class ChatDeliveredMarks(IServiceScopeFactory scopes, ConversationEvents events, TimeProvider time, ILogger<ChatDeliveredMarks> log)
    : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(100);
    private const int MaxBatch = 2_000;

    private readonly Channel<(Guid Conversation, Guid Reply)> queue = Channel.CreateUnbounded<(Guid, Guid)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim writing = new(1, 1);
    private List<(Guid Conversation, Guid Reply)>? failed;

    /// <summary>The visitor's connection has these replies of the conversation: they become delivered with the next batch.</summary>
    public void Delivered(Guid conversationId, IEnumerable<Guid> replyIds)
    {
        foreach (var id in replyIds)
        {
            queue.Writer.TryWrite((conversationId, id));
        }
    }

    /// <summary>Writes every mark queued so far now (tests, and the last batch at shutdown).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        while (failed is not null || queue.Reader.TryPeek(out _))
        {
            await WriteBatchAsync(ct);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff();
        try
        {
            while (failed is not null || await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // The first mark waits out the window so that the marks of every line arriving meanwhile share its transaction.
                await Task.Delay(Every, stoppingToken);
                try
                {
                    await WriteBatchAsync(stoppingToken);
                    backoff.Succeeded();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    var wait = backoff.Failed();
                    log.LogWarning("Chat replies could not be marked delivered; trying again in {Wait}: {Error}", wait, e.Message);
                    await Task.Delay(wait, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Chat replies could not be marked delivered at shutdown: {Error}", e.Message);
        }
    }

    private async Task WriteBatchAsync(CancellationToken ct)
    {
        await writing.WaitAsync(ct);
        try
        {
            // A batch that failed is written first, again: its marks are not dropped.
            var batch = failed ?? [];
            failed = null;
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var mark))
            {
                batch.Add(mark);
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
                await ChatDelivery.DeliveredAsync(db, batch.Select(m => m.Reply).Distinct().ToList(), time.GetUtcNow().UtcDateTime, ct);
            }
            catch
            {
                failed = batch;
                throw;
            }

            foreach (var conversation in batch.Select(m => m.Conversation).Distinct())
            {
                events.Changed(conversation);
            }
        }
        finally
        {
            writing.Release();
        }
    }

    public override void Dispose()
    {
        writing.Dispose();
        base.Dispose();
    }
}
