using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Works through the ingestion journal in the order messages were journalled: matches each sender, threads, stores,
/// and records the outcome on the entry in the same transaction, so after a crash it resumes exactly where it stopped
/// and nothing is stored twice. On PostgreSQL one node at a time processes (an advisory lock per batch), which keeps
/// every conversation's messages in order across nodes. A batch that fails is retried message by message; a message
/// that keeps failing is set aside as failed, with its payload, after <see cref="MaxAttempts"/>; the database being
/// unavailable counts as no attempt, and processing backs off (<see cref="Backoff"/>) and resumes at the same entry.
/// </summary>
internal sealed class IngestionProcessor(IngestionOutcomes outcomes, DoorFirst door, IServiceScopeFactory scopes, TimeProvider time,
    DatabaseOutages outages, IConfiguration configuration, ILogger<IngestionProcessor> log) : BackgroundService
{
    // On SQLite a batch holds the one write lock while it writes, and the journal writer waits behind it: 100 entries keep
    // that wait near 50 ms under load where 500 made it 200 ms, for a little less throughput (docs/performance.md).
    public const int MaxBatch = 100;
    private readonly int batchSize = configuration.GetValue("Rapport:Ingestion:BatchSize", MaxBatch);
    public const int MaxAttempts = 3;
    private const long ProcessingLock = 72657302;

    /// <summary>
    /// How long a processed entry stays in the journal (its receipt answers, a redelivery is caught at the door). After
    /// that a redelivery is still caught, by the stored message's provider id. Set-aside entries stay until retried, and
    /// automatic mail that joined no conversation stays for its view.
    /// </summary>
    public static readonly TimeSpan KeepProcessed = TimeSpan.FromDays(30);

    /// <summary>How often an idle processor looks for work it was not told about (another node's, or left by a crash).</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Rapport:Ingestion:Process", true))
        {
            log.LogInformation("This node acknowledges inbound messages but does not process them (Rapport:Ingestion:Process is false)");
            return;
        }

        var nextPrune = time.GetUtcNow();
        var backoff = new Backoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            int processed;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                processed = await ProcessNextAsync(stoppingToken);
                backoff.Succeeded();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Real time, not the app's clock: this is how long the database is given to come back.
                var wait = backoff.Failed();
                if (StorageFull.Describe(e) is { } full)
                {
                    outages.Record(full); // /health says why messages wait, though no request failed
                }

                log.LogWarning("Ingestion processing paused for {Wait}: {Error}", wait, e.Message);
                processed = 0;
                await Task.Delay(wait, stoppingToken);
            }

            if (processed > 0)
            {
                var took = System.Diagnostics.Stopwatch.GetElapsedTime(started);
                door.Processed(processed, took);
                if (door.RestAfter(took) is { Ticks: > 0 } rest)
                {
                    // Messages arrive faster than processing gets through them: acknowledging them comes first, the
                    // journal keeps what waits.
                    await Task.Delay(rest, stoppingToken);
                }
            }
            else
            {
                if (time.GetUtcNow() >= nextPrune)
                {
                    nextPrune = time.GetUtcNow().AddHours(1);
                    await PruneAsync(stoppingToken);
                }

                await outcomes.WaitForWorkAsync(Poll, stoppingToken);
            }
        }
    }

    /// <summary>Processes the next batch; returns how many entries it took (0: nothing to do, or another node is at it).</summary>
    internal async Task<int> ProcessNextAsync(CancellationToken ct)
    {
        var (count, failed) = await ProcessAsync(null, ct);
        if (failed is { Count: > 1 })
        {
            foreach (var single in failed)
            {
                var (_, stillFailing) = await ProcessAsync([single], ct);
                if (stillFailing is not null)
                {
                    await SetAsideAsync(single, ct);
                }
            }
        }
        else if (failed is { Count: 1 })
        {
            await SetAsideAsync(failed[0], ct);
        }

        return count;
    }

    /// <summary>Processes the given entries, or the next batch; returns the entries back when the attempt failed.</summary>
    private async Task<(int Count, List<InboundJournalEntry>? Failed)> ProcessAsync(List<InboundJournalEntry>? only, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("ingestion");
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        await using var transaction = db.IsPostgres ? await db.BeginWriteTransactionAsync(ct) : null;
        if (db.IsPostgres && !await TryLeadAsync(db, ct))
        {
            return (0, null);
        }

        var entries = only ?? await InboundJournal.NextAsync(db, door.BatchSize(batchSize), ct);
        if (entries.Count == 0)
        {
            return (0, null);
        }

        var now = time.GetUtcNow().UtcDateTime;
        IngestResult[] results;
        try
        {
            var items = entries.Select(InboundJournal.Read).ToList();
            results = await IngestionBatch.StoreAsync(db, items, now, r => InboundJournal.CompleteAsync(db, entries, r, now, ct), ct);
            if (transaction is not null)
            {
                await transaction.CommitAsync(ct);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException && !DatabaseUnavailable.Is(e))
        {
            // The database unavailable is no fault of the messages: it propagates, the loop waits, and no attempt is counted.
            log.LogWarning("Processing {Count} journalled message(s) from #{First} failed: {Error}", entries.Count, entries[0].Sequence, e.Message);
            foreach (var entry in entries)
            {
                entry.Error = e.Message;
            }

            return (entries.Count, entries);
        }

        for (var i = 0; i < entries.Count; i++)
        {
            outcomes.Completed(entries[i].Id, results[i]);
        }

        scope.ServiceProvider.GetRequiredService<ConversationEvents>().Published(results.Where(r => !r.Duplicate && !r.Ignored).ToList());
        return (entries.Count, null);
    }

    /// <summary>Counts a failed attempt on the entry; the last attempt sets it aside as failed so the messages behind it go on.</summary>
    private async Task SetAsideAsync(InboundJournalEntry entry, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var last = entry.Attempts + 1 >= MaxAttempts;
        await InboundJournal.FailAsync(db, entry, entry.Error ?? "processing failed", last, time.GetUtcNow().UtcDateTime, ct);
        await transaction.CommitAsync(ct);
        if (last)
        {
            log.LogError("Inbound message {Channel}/{ProviderId} (journal #{Sequence}) could not be processed and is set aside: {Error}",
                entry.Channel, entry.ProviderMessageId, entry.Sequence, entry.Error);
            outcomes.Completed(entry.Id, null);
        }
    }

    private async Task PruneAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            var before = time.GetUtcNow().UtcDateTime - KeepProcessed;
            await db.InboundJournal.Where(j => j.ProcessedAt < before && j.Outcome != JournalOutcome.Failed && j.Outcome != JournalOutcome.Automatic)
                .ExecuteDeleteAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Old journal entries could not be pruned this time: {Error}", e.Message);
        }
    }

    /// <summary>Waits for the processors' lock in the caller's PostgreSQL transaction (held until it ends).</summary>
    internal static Task WaitToLeadAsync(RapportDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({ProcessingLock})", ct);

    private static async Task<bool> TryLeadAsync(RapportDbContext db, CancellationToken ct) =>
        await db.Database.SqlQueryRaw<bool>($"SELECT pg_try_advisory_xact_lock({ProcessingLock}) AS \"Value\"").SingleAsync(ct);
}
