using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// The single writer behind the front door: takes whatever is queued (up to a batch), journals it in one transaction,
/// then acknowledges every waiting caller and wakes the processor. Journalling is an insert of rows already prepared,
/// so a batch takes about one disk flush however many messages it holds.
/// </summary>
internal sealed class JournalWriter(IngestionPipeline pipeline, IngestionOutcomes outcomes, DoorFirst door, IServiceScopeFactory scopes,
    TimeProvider time, ILogger<JournalWriter> log) : BackgroundService
{
    public const int MaxBatch = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var reader = pipeline.Reader;
        var batch = new List<PendingMessage>(MaxBatch);
        while (await reader.WaitToReadAsync(stoppingToken))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var item))
            {
                batch.Add(item);
            }

            try
            {
                await JournalAsync(batch, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Nothing of the batch is journalled (one transaction): every caller hears so and may retry.
                log.LogError(e, "A batch of {Count} inbound messages could not be journalled", batch.Count);
                foreach (var pending in batch)
                {
                    pending.Journalled.TrySetException(e);
                }
            }
        }
    }

    private async Task JournalAsync(List<PendingMessage> batch, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditContext>().SetSystemActor("ingestion");
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        (InboundJournalEntry Entry, bool Duplicate)[] journalled;
        await using (var transaction = await db.BeginWriteTransactionAsync(ct))
        {
            journalled = await InboundJournal.AppendAsync(db, batch.Select(b => b.Message).ToList(), time.GetUtcNow().UtcDateTime, ct);
            var expected = journalled.Where(j => !j.Duplicate).Select(j => j.Entry.Id).ToList();
            foreach (var id in expected)
            {
                outcomes.Expect(id);
            }

            try
            {
                await transaction.CommitAsync(ct);
            }
            catch
            {
                outcomes.Abandon(expected);
                throw;
            }
        }

        // Every new entry is an arrival; only callers that wait for the acknowledgement alone make a crowd at the door
        // (one that waits for processing too gains nothing from the door first).
        door.Journalled(journalled.Count(j => !j.Duplicate), batch.Count(p => !p.WaitsForProcessing));
        outcomes.Signal();
        for (var i = 0; i < batch.Count; i++)
        {
            var (entry, duplicate) = journalled[i];
            batch[i].Journalled.TrySetResult(new IngestReceipt(entry.Id, duplicate, entry.ToResult(), entry.Outcome == JournalOutcome.Failed));
        }
    }
}
