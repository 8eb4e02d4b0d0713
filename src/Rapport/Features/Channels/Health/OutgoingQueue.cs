using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Email;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.Health;

/// <summary>A channel's outgoing replies not sent yet: how many wait (queued or retrying), the earliest next attempt, how many are unconfirmed.</summary>
public sealed record OutgoingFigures(int Waiting, DateTime? NextAttemptAt, int Unconfirmed);

/// <summary>Outgoing replies per sending address, read in one query whatever the number of channels.</summary>
public static class OutgoingQueue
{
    public const string Mail = EmailSender.OutboxKind;
    public const string Messaging = MessagingReplyChannel.OutboxKind;

    /// <summary>Keyed by (outbox kind, the address the replies are sent from: a mailbox's or an account's).</summary>
    public static async Task<Dictionary<(string Kind, string From), OutgoingFigures>> ByChannelAsync(RapportDbContext db, CancellationToken ct)
    {
        var rows = await (
            from o in db.OutboxItems.AsNoTracking()
            where (o.Kind == Mail || o.Kind == Messaging) && (o.State == OutboxState.Pending || o.State == OutboxState.Unconfirmed)
            join m in db.Messages.AsNoTracking() on o.SubjectId equals m.Id
            // An unconfirmed reply a bounce or receipt has since settled is no longer counted.
            where o.State == OutboxState.Pending || m.Delivery == DeliveryState.Unconfirmed
            group o by new { o.Kind, m.From, o.State } into g
            select new { g.Key.Kind, g.Key.From, g.Key.State, Count = g.Count(), Next = g.Min(o => o.NextAttemptAt) }).ToListAsync(ct);
        return rows.GroupBy(r => (r.Kind, r.From)).ToDictionary(g => g.Key, g => new OutgoingFigures(
            g.Where(r => r.State == OutboxState.Pending).Sum(r => r.Count),
            g.Where(r => r.State == OutboxState.Pending).Select(r => (DateTime?)r.Next).Min(),
            g.Where(r => r.State == OutboxState.Unconfirmed).Sum(r => r.Count)));
    }
}
