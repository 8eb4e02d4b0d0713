using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Ingests one message at once, in the caller's scope, through the same steps the pipeline's background writer and
/// processor take (prepared and validated, journalled, matched, threaded, stored, the journal entry completed). For work
/// that runs before the host's background services do, such as the demo seed at first start or `seed-demo`;
/// the given time is when it is taken to arrive, so seeded history keeps its times.
/// </summary>
internal static class IngestionNow
{
    public static async Task<IngestResult> IngestAsync(RapportDbContext db, InboundPreparationFactory preparation, InboundMessage message,
        DateTime now, CancellationToken ct)
    {
        var prepared = preparation.Create().Prepare(message);
        List<InboundJournalEntry> entries;
        await using (var journal = await db.BeginWriteTransactionAsync(ct))
        {
            entries = (await InboundJournal.AppendAsync(db, [prepared], now, ct)).Select(j => j.Entry).ToList();
            await journal.CommitAsync(ct);
        }

        if (entries[0].ProcessedAt is not null)
        {
            return entries[0].ToResult() ?? throw new InvalidOperationException($"{message.ProviderMessageId} was journalled before and set aside.");
        }

        // As the processor: one transaction on PostgreSQL; on SQLite the rows' own write transaction.
        await using var transaction = db.IsPostgres ? await db.BeginWriteTransactionAsync(ct) : null;
        var results = await IngestionBatch.StoreAsync(db, [prepared], now, r => InboundJournal.CompleteAsync(db, entries, r, now, ct), ct);
        if (transaction is not null)
        {
            await transaction.CommitAsync(ct);
        }

        return results[0];
    }
}
