using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Load.Live;

/// <summary>
/// One phase of <c>live</c>: N pages open, messages posted at a fixed rate for a while, then the node is given time to
/// catch up and every (page, message) pair is counted: visible after its acknowledgement (how long), or missed.
/// </summary>
internal static class LivePhase
{
    /// <summary>How long the node may take after the last message to process the journal and update the pages.</summary>
    private static readonly TimeSpan CatchUp = TimeSpan.FromSeconds(120);

    public static async Task RunAsync(IServiceProvider services, LiveSender sender, StoredMessages stored, int agents, IReadOnlyList<Viewer> viewers,
        int rate, int seconds, string label, CancellationToken ct)
    {
        var pages = new List<SimulatedInbox>();
        for (var i = 0; i < agents; i++)
        {
            pages.Add(await SimulatedInbox.OpenAsync(services, viewers[i % viewers.Count], stored, ct));
        }

        var loadBefore = BenchNode.LoadAverage();
        var sent = new List<Sent>();
        var failures = 0;
        var storedBefore = stored.Count;
        var backlogs = new List<long>();
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        var nextSample = 1;
        for (var n = 0; n < rate * seconds; n++)
        {
            var due = started + (long)((double)n / rate * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }

            if (Stopwatch.GetElapsedTime(started).TotalSeconds >= nextSample)
            {
                // Acknowledged but not yet announced as stored: the processor's backlog, seen from outside, once a second.
                nextSample++;
                lock (sent)
                {
                    backlogs.Add(sent.Count - (stored.Count - storedBefore));
                }
            }

            inFlight.Add(Task.Run(async () =>
            {
                var one = await sender.SendAsync(ct);
                if (one is null)
                {
                    Interlocked.Increment(ref failures);
                    return;
                }

                lock (sent)
                {
                    sent.Add(one);
                }
            }, ct));
        }

        await Task.WhenAll(inFlight);
        var sendingTook = Stopwatch.GetElapsedTime(started);
        var backlogAtEnd = await UnprocessedAsync(services, ct);
        var drained = Stopwatch.GetTimestamp();
        while (await UnprocessedAsync(services, ct) > 0 && Stopwatch.GetElapsedTime(drained) < CatchUp)
        {
            await Task.Delay(100, ct);
        }

        var drainTook = Stopwatch.GetElapsedTime(drained);
        var storedInPhase = stored.Count - storedBefore;
        var processingRate = storedInPhase / Stopwatch.GetElapsedTime(started).TotalSeconds;
        var messages = await ResolveAsync(services, sent, ct);
        // Let the last updates land, then count what every page saw.
        var deadline = Stopwatch.GetTimestamp() + 10 * Stopwatch.Frequency;
        while (Stopwatch.GetTimestamp() < deadline && pages.Any(p => messages.Any(m => m.MessageId is { } id && !p.Seen.ContainsKey(id))))
        {
            await Task.Delay(100, ct);
        }

        var acks = sent.Select(s => s.AckMs).Order().ToList();
        var announced = new List<double>();
        foreach (var m in messages)
        {
            if (m.MessageId is { } id && stored.ById.TryGetValue(id, out var s))
            {
                announced.Add(Math.Max(0, Stopwatch.GetElapsedTime(m.AckedAt, s.At).TotalMilliseconds));
            }
        }

        announced.Sort();
        var delays = new List<double>();
        var missed = 0;
        var below = 0;
        var unprocessed = messages.Count(m => m.MessageId is null);
        foreach (var page in pages)
        {
            foreach (var m in messages.Where(m => m.MessageId is not null))
            {
                if (page.Seen.TryGetValue(m.MessageId!.Value, out var seenAt))
                {
                    // A row can be in the list before the HTTP answer reached the client: that counts as 0.
                    delays.Add(Math.Max(0, Stopwatch.GetElapsedTime(m.AckedAt, seenAt).TotalMilliseconds));
                }
                else if (page.BelowFirstPage.ContainsKey(m.MessageId!.Value))
                {
                    below++;
                }
                else
                {
                    missed++;
                }
            }
        }

        var applies = pages.Sum(p => p.Applies);
        var pushed = pages.Sum(p => p.PushedBelow);
        foreach (var page in pages)
        {
            await page.DisposeAsync();
        }

        delays.Sort();
        var kinds = string.Join(", ", sent.GroupBy(s => s.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
        Console.WriteLine($"{label,-10} sent {sent.Count} in {sendingTook.TotalSeconds:F1} s ({kinds}; failed {failures}): " +
            $"ack p50 {BenchNode.Pct(acks, 50):F1} ms, p99 {BenchNode.Pct(acks, 99):F1} ms, max {acks.LastOrDefault():F1} ms; " +
            $"stored+announced after ack p50 {BenchNode.Pct(announced, 50):F0} ms, p99 {BenchNode.Pct(announced, 99):F0} ms, max {announced.LastOrDefault():F0} ms; " +
            $"processed {processingRate:F0} msg/s; backlog max {(backlogs.Count == 0 ? 0 : backlogs.Max())}, at end of sending {backlogAtEnd} " +
            $"(drained in {drainTook.TotalSeconds:F1} s), unprocessed after {CatchUp.TotalSeconds:F0} s {unprocessed}");
        if (agents > 0)
        {
            Console.WriteLine($"{"",-10} visible after ack p50 {BenchNode.Pct(delays, 50):F0} ms, p95 {BenchNode.Pct(delays, 95):F0} ms, " +
                $"p99 {BenchNode.Pct(delays, 99):F0} ms, max {delays.LastOrDefault():F0} ms; missed {missed} of {(messages.Count - unprocessed) * agents}, " +
                $"below the first page when it arrived {below} " +
                $"(rows pushed off the first 50 by newer ones: {pushed}); {applies / (double)agents:F0} updates per page ({applies / (double)agents / seconds:F1}/s)");
        }

        Console.WriteLine($"{"",-10} backlog per second: {string.Join(' ', backlogs)}; load {loadBefore} -> {BenchNode.LoadAverage()}");
    }

    private static async Task<int> UnprocessedAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        return await db.InboundJournal.CountAsync(j => j.ProcessedAt == null, ct);
    }

    /// <summary>The stored message of each receipt, from the journal (<c>202</c> answers name only the receipt).</summary>
    private static async Task<List<Sent>> ResolveAsync(IServiceProvider services, List<Sent> sent, CancellationToken ct)
    {
        var receipts = sent.Where(s => s.Receipt is not null).Select(s => s.Receipt!.Value).ToList();
        if (receipts.Count == 0)
        {
            return sent;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var messageOf = new Dictionary<Guid, Guid?>();
        foreach (var chunk in receipts.Chunk(2_000))
        {
            var ids = chunk.ToList();
            foreach (var row in await db.InboundJournal.AsNoTracking().Where(j => ids.Contains(j.Id)).Select(j => new { j.Id, j.MessageId }).ToListAsync(ct))
            {
                messageOf[row.Id] = row.MessageId;
            }
        }

        return sent.Select(s => s.Receipt is { } r ? s with { MessageId = messageOf.GetValueOrDefault(r) } : s).ToList();
    }
}
