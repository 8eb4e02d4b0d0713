using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// Machine mail (auto-replies, bounces, delay notices, read receipts, abuse reports) that answered no conversation: kept
/// in the ingestion journal with its whole payload (<see cref="JournalOutcome.Automatic"/>), listed for agents with why
/// it was taken for machine mail, and turned into an ordinary conversation by one action when it was a person after all.
/// </summary>
public sealed class AutomaticMail(RapportDbContext db, IngestionOutcomes outcomes)
{
    public const int MaxList = 200;
    private const int SnippetLength = 300;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Newest first; <paramref name="query"/> (optional) must appear in the sender, subject or text.</summary>
    public async Task<List<AutomaticMailDto>> ListAsync(string? query, int take, CancellationToken ct)
    {
        var entries = db.InboundJournal.AsNoTracking().Where(j => j.Outcome == JournalOutcome.Automatic && j.Payload != null);
        if (!string.IsNullOrWhiteSpace(query))
        {
            // The payload is the message as JSON: a word of its sender, subject or text is found in it (JSON escapes aside).
            var q = query.Trim().ToLowerInvariant();
            entries = entries.Where(j => j.Payload!.ToLower().Contains(q));
        }

        var rows = await entries.OrderByDescending(j => j.Sequence).Take(Math.Clamp(take, 1, MaxList))
            .Select(j => new { j.Id, j.Channel, j.ReceivedAt, j.Payload }).ToListAsync(ct);
        return rows.Select(r => ToDto(r.Id, r.Channel, r.ReceivedAt, Read(r.Payload!))).ToList();
    }

    /// <summary>
    /// Queues the message again as an ordinary one: it finds or creates its sender's customer and starts (or joins) a
    /// conversation. Waits a little for the result; null when no automatic message has that receipt.
    /// </summary>
    public async Task<IngestReceipt?> OpenAsConversationAsync(Guid receipt, TimeSpan wait, CancellationToken ct)
    {
        var payload = await db.InboundJournal.AsNoTracking().Where(j => j.Id == receipt && j.Outcome == JournalOutcome.Automatic)
            .Select(j => j.Payload).FirstOrDefaultAsync(ct);
        if (payload is null)
        {
            return null;
        }

        var message = JsonSerializer.Serialize(Read(payload) with { ThreadOnly = false }, Json);
        var requeued = await db.InboundJournal
            .Where(j => j.Id == receipt && j.Outcome == JournalOutcome.Automatic)
            .ExecuteUpdateAsync(j => j
                .SetProperty(x => x.Payload, message)
                .SetProperty(x => x.Outcome, (JournalOutcome?)null)
                .SetProperty(x => x.ProcessedAt, (DateTime?)null)
                .SetProperty(x => x.Attempts, 0)
                .SetProperty(x => x.Error, (string?)null), ct);
        if (requeued == 0)
        {
            return null;
        }

        outcomes.Signal();
        return await outcomes.WaitAsync(new IngestReceipt(receipt, false, null), wait, ct);
    }

    private static PreparedMessage Read(string payload) =>
        JsonSerializer.Deserialize<PreparedMessage>(payload, Json) ?? throw new InvalidOperationException("An automatic message has no payload.");

    private static AutomaticMailDto ToDto(Guid receipt, Channel channel, DateTime receivedAt, PreparedMessage m) => new(receipt, channel, receivedAt,
        m.At, m.SenderDisplay, m.SenderName, m.Subject, m.Text.Length <= SnippetLength ? m.Text : m.Text[..SnippetLength] + "…",
        m.Classification, m.ParseWarning, m.Attachments?.Count ?? 0);
}

/// <summary>An automatic message waiting in its view: who sent it, what it says and why it was taken for machine mail.</summary>
public sealed record AutomaticMailDto(Guid Receipt, Channel Channel, DateTime ReceivedAt, DateTime At, string From, string? FromName, string? Subject,
    string Snippet, string? Classification, string? ParseWarning, int Attachments);
