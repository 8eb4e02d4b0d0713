using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// Ingestion treats a second email with a known Message-ID as a redelivery and drops it. That holds for the same message
/// fetched twice, not for a different one that reuses the id (broken mailers, templated senders, a copied .eml): an
/// email counts as the same only when its sender, subject and, when both have one, its date match the one kept. Any
/// other gets an id of its own (the Message-ID with a fingerprint of those three), so it is stored, and a redelivery of
/// it is still caught.
/// </summary>
public static class MessageIdCollisions
{
    /// <summary>The message as it should be ingested, and the reason its id was changed (null when it was not).</summary>
    public static async Task<(InboundMessage Message, string? Reason)> DistinctAsync(RapportDbContext db, InboundMessage message, CancellationToken ct)
    {
        var id = message.ProviderMessageId;
        var kept = await db.Messages.AsNoTracking().Where(m => m.Channel == Channel.Email && m.ProviderMessageId == id)
            .Select(m => new Kept(m.Id.ToString(), m.From, m.Subject, m.At)).FirstOrDefaultAsync(ct)
            ?? await JournalledAsync(db, id, ct);
        if (kept is null || Same(kept, message))
        {
            return (message, null);
        }

        var suffix = $"#{Fingerprint(message)}";
        var distinct = (id.Length + suffix.Length <= 500 ? id : id[..(500 - suffix.Length)]) + suffix;
        var reason = $"Another email (from {kept.From}) already had the Message-ID {id}; this one is kept as {distinct}.";
        return (message with
        {
            ProviderMessageId = distinct,
            ParseWarning = string.Join(" ", new[] { message.ParseWarning, reason }.OfType<string>()),
        }, reason);
    }

    private sealed record Kept(string Id, string From, string? Subject, DateTime? At);

    /// <summary>A message still in the journal: waiting to be processed, or automatic mail kept for its view.</summary>
    private static async Task<Kept?> JournalledAsync(RapportDbContext db, string id, CancellationToken ct)
    {
        var entry = await db.InboundJournal.AsNoTracking()
            .Where(j => j.Channel == Channel.Email && j.ProviderMessageId == id && j.Payload != null).FirstOrDefaultAsync(ct);
        if (entry is null)
        {
            return null;
        }

        var payload = InboundJournal.Read(entry);
        return new Kept(entry.Id.ToString(), payload.SenderKey, payload.Subject, payload.At);
    }

    private static bool Same(Kept kept, InboundMessage message)
    {
        var sender = ContactPointRules.TryNormalizeEmail(message.From.Email, out var normalized) ? normalized : message.From.Email ?? "";
        // A Date in the future was stored as the time of receipt, so a later one than kept is no evidence either way.
        var sameDate = kept.At is not { } at || message.SentAt is not { } sent || Math.Abs((at - sent.ToUniversalTime()).TotalSeconds) < 1
            || sent.ToUniversalTime() > at;
        return string.Equals(kept.From, sender, StringComparison.OrdinalIgnoreCase)
            && string.Equals(Subject(kept.Subject), Subject(message.Subject), StringComparison.Ordinal)
            && sameDate;
    }

    /// <summary>A subject as ingestion stores it (trimmed, cut to 300 characters, card numbers masked), for comparing.</summary>
    private static string Subject(string? subject)
    {
        var trimmed = subject?.Trim() ?? "";
        return CardNumbers.Mask(StorableText.Cut(trimmed, 300)) ?? "";
    }

    private static string Fingerprint(InboundMessage message)
    {
        var text = $"{message.From.Email}\n{message.Subject}\n{message.SentAt?.ToUniversalTime().Ticks}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }
}
