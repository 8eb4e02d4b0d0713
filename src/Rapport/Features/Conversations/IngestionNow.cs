using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Ingests one message at once, in the caller's scope, through the same steps the pipeline's background writer and
/// processor take (prepared and validated, journalled, matched, threaded, stored, the journal entry completed), all in one transaction. For work
/// that runs before the host's background services do, such as the demo seed at first start or `seed-demo`;
/// the given time is when it is taken to arrive, so seeded history keeps its times.
/// </summary>
internal static class IngestionNow
{
    public static async Task<IngestResult> IngestAsync(RapportDbContext db, InboundPreparationFactory preparation, InboundMessage message,
        DateTime now, CancellationToken ct)
    {
        var prepared = preparation.Create().Prepare(message);
        // One transaction from journal entry to stored message: no processor ever sees the entry unprocessed, so none can
        // take it as well. On PostgreSQL the processors' lock is held (waited for, not tried) so batches stay in order.
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        if (db.IsPostgres)
        {
            await IngestionProcessor.WaitToLeadAsync(db, ct);
        }

        var entries = (await InboundJournal.AppendAsync(db, [prepared], now, ct)).Select(j => j.Entry).ToList();
        if (entries[0].ProcessedAt is not null)
        {
            await transaction.CommitAsync(ct);
            return entries[0].ToResult() ?? throw new InvalidOperationException($"{message.ProviderMessageId} was journalled before and set aside.");
        }

        var results = await IngestionBatch.StoreAsync(db, [prepared], now, r => InboundJournal.CompleteAsync(db, entries, r, now, ct), ct);
        await transaction.CommitAsync(ct);
        return results[0];
    }
}
