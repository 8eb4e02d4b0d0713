using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Messages the processor could not store after every attempt: kept in the journal with their content, listed for an
/// administrator, and put back in the queue when asked (after the cause is fixed). Nothing accepted is dropped silently.
/// </summary>
public sealed class SetAsideMessages(RapportDbContext db, IngestionOutcomes outcomes)
{
    public Task<List<SetAsideMessageDto>> ListAsync(int take, CancellationToken ct) =>
        db.InboundJournal.AsNoTracking()
            .Where(j => j.Outcome == JournalOutcome.Failed)
            .OrderByDescending(j => j.Sequence)
            .Take(take)
            .Select(j => new SetAsideMessageDto(j.Id, j.Channel, j.ProviderMessageId, j.ReceivedAt, j.ProcessedAt, j.Attempts, j.Error))
            .ToListAsync(ct);

    /// <summary>Queues a set-aside message again; false when the receipt names no set-aside message.</summary>
    public async Task<bool> RetryAsync(Guid receipt, CancellationToken ct)
    {
        var requeued = await db.InboundJournal
            .Where(j => j.Id == receipt && j.Outcome == JournalOutcome.Failed)
            .ExecuteUpdateAsync(j => j
                .SetProperty(x => x.Outcome, (JournalOutcome?)null)
                .SetProperty(x => x.ProcessedAt, (DateTime?)null)
                .SetProperty(x => x.Attempts, 0)
                .SetProperty(x => x.Error, (string?)null), ct);
        if (requeued == 0)
        {
            return false;
        }

        outcomes.Signal();
        return true;
    }
}

/// <summary>A message set aside by the processor: what it was and the last error.</summary>
public sealed record SetAsideMessageDto(Guid Receipt, Customers.Channel Channel, string ProviderMessageId, DateTime ReceivedAt,
    DateTime? SetAsideAt, int Attempts, string? Error);
