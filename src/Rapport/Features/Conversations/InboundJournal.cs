using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>Reading and writing the ingestion journal (<see cref="InboundJournalEntry"/>): the durable queue between the door and the processor.</summary>
internal static class InboundJournal
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Journals a batch in the caller's transaction and returns, per message, its entry: the new one, or the one already
    /// journalled for the same channel and provider id (then <c>Duplicate</c> is true, and it may already be processed).
    /// </summary>
    public static async Task<(InboundJournalEntry Entry, bool Duplicate)[]> AppendAsync(RapportDbContext db, IReadOnlyList<PreparedMessage> items,
        DateTime now, CancellationToken ct)
    {
        var fresh = items.Select(i => new InboundJournalEntry
        {
            Id = Guid.CreateVersion7(),
            Channel = i.Channel,
            ProviderMessageId = i.ProviderMessageId,
            Payload = Write(i),
            ReceivedAt = now,
        }).ToList();
        var inserted = await new RowWriter(db).InsertNewAsync(fresh, nameof(InboundJournalEntry.Id), ct);
        var result = fresh.Select((f, i) => (Entry: f, Duplicate: !inserted[i])).ToArray();
        if (result.All(r => !r.Duplicate))
        {
            return result;
        }

        // Journalled before, or a second copy within this batch: the entry already there answers, by (channel, provider id) —
        // the unique index, so this stays a lookup however long the journal grows.
        foreach (var channel in result.Where(r => r.Duplicate).Select(r => r.Entry.Channel).Distinct())
        {
            var providerIds = result.Where(r => r.Duplicate && r.Entry.Channel == channel).Select(r => r.Entry.ProviderMessageId).Distinct().ToList();
            var journalled = await db.InboundJournal.AsNoTracking()
                .Where(j => j.Channel == channel && providerIds.Contains(j.ProviderMessageId))
                .Select(WithoutPayload)
                .ToDictionaryAsync(j => j.ProviderMessageId, ct);
            for (var i = 0; i < result.Length; i++)
            {
                if (result[i].Duplicate && result[i].Entry.Channel == channel)
                {
                    result[i] = (journalled[result[i].Entry.ProviderMessageId], true);
                }
            }
        }

        return result;
    }

    /// <summary>An entry as its receipt needs it: everything but the payload.</summary>
    public static readonly System.Linq.Expressions.Expression<Func<InboundJournalEntry, InboundJournalEntry>> WithoutPayload = j => new InboundJournalEntry
    {
        Sequence = j.Sequence,
        Id = j.Id,
        Channel = j.Channel,
        ProviderMessageId = j.ProviderMessageId,
        ReceivedAt = j.ReceivedAt,
        Attempts = j.Attempts,
        ProcessedAt = j.ProcessedAt,
        Outcome = j.Outcome,
        MessageId = j.MessageId,
        ConversationId = j.ConversationId,
        CustomerId = j.CustomerId,
        NewCustomer = j.NewCustomer,
        NewConversation = j.NewConversation,
        Error = j.Error,
    };

    /// <summary>The oldest entries still to process, in the order they were journalled.</summary>
    public static Task<List<InboundJournalEntry>> NextAsync(RapportDbContext db, int max, CancellationToken ct) =>
        db.InboundJournal.AsNoTracking().Where(j => j.ProcessedAt == null).OrderBy(j => j.Sequence).Take(max).ToListAsync(ct);

    public static string Write(PreparedMessage message) => JsonSerializer.Serialize(message, Json);

    public static PreparedMessage Read(InboundJournalEntry entry) =>
        JsonSerializer.Deserialize<PreparedMessage>(entry.Payload!, Json)
            ?? throw new InvalidOperationException($"Journal entry {entry.Sequence} has no payload.");

    /// <summary>
    /// Records what processing made of each entry, in the processor's transaction, and drops the payloads of stored messages;
    /// an automatic message that joined no conversation is kept whole (<see cref="AutomaticMail"/>).
    /// </summary>
    public static Task CompleteAsync(RapportDbContext db, IReadOnlyList<InboundJournalEntry> entries, IReadOnlyList<IngestResult> results,
        DateTime now, CancellationToken ct)
    {
        for (var i = 0; i < entries.Count; i++)
        {
            var (entry, result) = (entries[i], results[i]);
            entry.ProcessedAt = now;
            entry.Attempts++;
            entry.Outcome = result.Ignored ? JournalOutcome.Automatic : result.Duplicate ? JournalOutcome.Duplicate : JournalOutcome.Stored;
            entry.MessageId = result.Ignored ? null : result.MessageId;
            entry.ConversationId = result.Ignored ? null : result.ConversationId;
            entry.CustomerId = result.Ignored ? null : result.CustomerId;
            entry.NewCustomer = result.NewCustomer;
            entry.NewConversation = result.NewConversation;
            // An automatic message that joined no conversation keeps its payload: the automatic mail view lists it from here.
            entry.Payload = result.Ignored ? entry.Payload : null;
        }

        return new RowWriter(db).UpdateAsync(entries, OutcomeColumns, ct);
    }

    /// <summary>Counts a failed attempt; after the last one the entry is set aside as failed (payload kept, for a person to look at).</summary>
    public static Task FailAsync(RapportDbContext db, InboundJournalEntry entry, string error, bool last, DateTime now, CancellationToken ct)
    {
        entry.Attempts++;
        entry.Error = StorableText.Cut(error, 2000);
        if (last)
        {
            entry.ProcessedAt = now;
            entry.Outcome = JournalOutcome.Failed;
        }

        return new RowWriter(db).UpdateAsync([entry], [nameof(InboundJournalEntry.Attempts), nameof(InboundJournalEntry.Error),
            nameof(InboundJournalEntry.ProcessedAt), nameof(InboundJournalEntry.Outcome)], ct);
    }

    private static readonly string[] OutcomeColumns =
    [
        nameof(InboundJournalEntry.ProcessedAt), nameof(InboundJournalEntry.Attempts), nameof(InboundJournalEntry.Outcome),
        nameof(InboundJournalEntry.MessageId), nameof(InboundJournalEntry.ConversationId), nameof(InboundJournalEntry.CustomerId),
        nameof(InboundJournalEntry.NewCustomer), nameof(InboundJournalEntry.NewConversation), nameof(InboundJournalEntry.Payload),
    ];
}
