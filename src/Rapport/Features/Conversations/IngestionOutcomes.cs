using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Where callers wait for a journalled message's outcome. The journal writer registers each new entry before it
/// commits, the processor completes it after it commits; a caller whose message another node processed, or whose wait
/// ran out, reads the journal once instead.
/// </summary>
public sealed class IngestionOutcomes(IServiceScopeFactory scopes) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<IngestResult?>> waiting = new();
    private readonly SemaphoreSlim work = new(0, int.MaxValue);

    /// <summary>How often a waiting caller reads the journal when its message may be processed on another node.</summary>
    public static readonly TimeSpan OtherNodeCheck = TimeSpan.FromMilliseconds(200);

    internal void Expect(Guid receipt) =>
        waiting.TryAdd(receipt, new TaskCompletionSource<IngestResult?>(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Forgets receipts whose journalling failed: no outcome will come.</summary>
    internal void Abandon(IEnumerable<Guid> receipts)
    {
        foreach (var receipt in receipts)
        {
            waiting.TryRemove(receipt, out _);
        }
    }

    internal void Completed(Guid receipt, IngestResult? result)
    {
        if (waiting.TryRemove(receipt, out var done))
        {
            done.TrySetResult(result);
        }
    }

    /// <summary>Wakes the processor: there is new work in the journal.</summary>
    internal void Signal()
    {
        if (work.CurrentCount == 0)
        {
            work.Release();
        }
    }

    internal Task<bool> WaitForWorkAsync(TimeSpan atMost, CancellationToken ct) => work.WaitAsync(atMost, ct);

    public void Dispose() => work.Dispose();

    /// <summary>
    /// Waits up to <paramref name="wait"/> for the outcome. The processor on this node signals it at once; when another
    /// node processes the message (PostgreSQL: one node at a time does), the journal is read every
    /// <see cref="OtherNodeCheck"/> instead.
    /// </summary>
    public async Task<IngestReceipt> WaitAsync(IngestReceipt receipt, TimeSpan wait, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        waiting.TryGetValue(receipt.Id, out var pending);
        var read = pending is null ? await ReadAsync(receipt.Id, ct) : null;
        while (read is not ({ Result: not null } or { Failed: true }))
        {
            var left = wait - System.Diagnostics.Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            var slice = left < OtherNodeCheck ? left : OtherNodeCheck;
            if (pending is null)
            {
                await Task.Delay(slice, ct);
            }
            else
            {
                try
                {
                    var result = await pending.Task.WaitAsync(slice, ct);
                    return receipt with { Result = result, Failed = result is null };
                }
                catch (TimeoutException)
                {
                }
            }

            read = await ReadAsync(receipt.Id, ct);
        }

        waiting.TryRemove(receipt.Id, out _);
        return read is null ? receipt : read with { Duplicate = receipt.Duplicate || read.Duplicate };
    }

    /// <summary>The receipt as the journal has it now, or null for an unknown id.</summary>
    public async Task<IngestReceipt?> ReadAsync(Guid id, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var entry = await db.InboundJournal.AsNoTracking().Where(j => j.Id == id)
            .Select(InboundJournal.WithoutPayload)
            .FirstOrDefaultAsync(ct);
        return entry is null ? null : new IngestReceipt(entry.Id, entry.Outcome == JournalOutcome.Duplicate, entry.ToResult(), entry.Outcome == JournalOutcome.Failed);
    }
}
