using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Features.Loyalty;
using Rapport.Features.Promises;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Timeline;

/// <summary>
/// The customer's one timeline (C5): every message and note on every channel, every promise made to them and every
/// case opened for them, every offer granted and extra-mile action taken for them, newest first, across the records
/// merged into theirs. Each source is read through its own visibility rule — <see cref="ConversationVisibility"/>,
/// <see cref="PromiseVisibility"/>, <see cref="CaseVisibility"/>, <see cref="LoyaltyVisibility"/> — so the timeline shows no more than the inbox, the promise list and the case list show the same person.
/// </summary>
public sealed class TimelineQueries(RapportDbContext db, CustomerService customers)
{
    private const int SummaryLength = 240;

    /// <summary>The timeline of <paramref name="customerId"/> and of every record merged into it.</summary>
    public async Task<Page<TimelineItem>> ForCustomerAsync(Guid customerId, Viewer viewer, int take, string? after, CancellationToken ct)
    {
        var ids = (await customers.HistoryIdsAsync(customerId, ct)).Select(Guid.Parse).ToList();
        return await ForCustomerAsync(ids, viewer, take, after, ct);
    }

    public async Task<Page<TimelineItem>> ForCustomerAsync(IReadOnlyCollection<Guid> customerIds, Viewer viewer, int take, string? after,
        CancellationToken ct)
    {
        // After the cursor means: earlier, or at the same instant a later kind, or the same kind and a smaller id.
        var cursor = TimelineCursor.Read(after);
        var items = new List<TimelineItem>();
        items.AddRange(await MessagesAsync(customerIds, viewer, take + 1, cursor, ct));
        items.AddRange(await PromisesAsync(customerIds, viewer, take + 1, cursor, ct));
        items.AddRange(await CasesAsync(customerIds, viewer, take + 1, cursor, ct));
        items.AddRange(await LoyaltyAsync(customerIds, viewer, take + 1, cursor, ct));

        // Each source comes back in its database's order (ties on time broken by id the way that database sorts ids);
        // OrderBy is stable, so merging by time and kind keeps that order and the cursor stays exact.
        var merged = items.OrderByDescending(i => i.At).ThenBy(i => i.Kind).Take(take + 1).ToList();
        var next = merged.Count > take ? TimelineCursor.After(merged[take - 1]) : null;
        return new Page<TimelineItem>(merged.Take(take).ToList(), next);
    }

    private async Task<List<TimelineItem>> MessagesAsync(IReadOnlyCollection<Guid> customerIds, Viewer viewer, int take,
        TimelineCursor? cursor, CancellationToken ct)
    {
        var query = db.Messages.AsNoTracking().Where(m => customerIds.Contains(m.CustomerId)).VisibleTo(db, viewer);
        if (cursor is { } c)
        {
            query = c.Kind > TimelineKind.Message
                ? query.Where(m => m.At < c.At)
                : c.Kind < TimelineKind.Message
                    ? query.Where(m => m.At <= c.At)
                    : query.Where(m => m.At < c.At || (m.At == c.At && m.Id.CompareTo(c.Id) < 0));
        }

        var rows = await query.OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Take(take)
            .Select(m => new
            {
                m.Id,
                m.ConversationId,
                m.Channel,
                m.Direction,
                m.Subject,
                m.From,
                m.FromName,
                m.AuthorName,
                m.At,
                Text = m.Text.Length > SummaryLength ? m.Text.Substring(0, SummaryLength) : m.Text,
            })
            .ToListAsync(ct);
        return rows.Select(m =>
        {
            var who = m.Direction == MessageDirection.Inbound ? m.FromName ?? PhoneNumberRule.DisplayIfNumber(m.From) : m.AuthorName ?? "Rapport";
            var title = m.Subject ?? m.Direction switch
            {
                MessageDirection.Inbound => $"From {who}",
                MessageDirection.Note => $"Note by {who}",
                _ => $"Sent by {who}",
            };
            return new TimelineItem(TimelineKind.Message, m.Id, m.At, $"/conversations/{m.ConversationId}", title, Summarise(m.Text))
            {
                Channel = m.Channel,
                Direction = m.Direction,
                Who = who,
            };
        }).ToList();
    }

    private async Task<List<TimelineItem>> PromisesAsync(IReadOnlyCollection<Guid> customerIds, Viewer viewer, int take,
        TimelineCursor? cursor, CancellationToken ct)
    {
        var query = db.Set<Promise>().AsNoTracking().Where(p => customerIds.Contains(p.CustomerId)).VisibleTo(db, viewer);
        if (cursor is { } c)
        {
            query = c.Kind > TimelineKind.Promise
                ? query.Where(p => p.CreatedAt < c.At)
                : c.Kind < TimelineKind.Promise
                    ? query.Where(p => p.CreatedAt <= c.At)
                    : query.Where(p => p.CreatedAt < c.At || (p.CreatedAt == c.At && p.Id.CompareTo(c.Id) < 0));
        }

        var rows = await query.OrderByDescending(p => p.CreatedAt).ThenByDescending(p => p.Id).Take(take)
            .Select(p => new { p.Id, p.What, p.CreatedAt, p.DueAt, p.Status, p.ClosedAt, p.KeptOnTime, p.CaseId, p.ConversationId })
            .ToListAsync(ct);
        return rows.Select(p => new TimelineItem(TimelineKind.Promise, p.Id, p.CreatedAt,
            p.CaseId is { } caseId ? $"/cases/{caseId}" : p.ConversationId is { } conversationId ? $"/conversations/{conversationId}" : "/promises",
            p.What, null)
        {
            PromiseStatus = p.Status,
            DueAt = p.DueAt,
            ClosedAt = p.ClosedAt,
            KeptOnTime = p.KeptOnTime,
        }).ToList();
    }

    private async Task<List<TimelineItem>> CasesAsync(IReadOnlyCollection<Guid> customerIds, Viewer viewer, int take,
        TimelineCursor? cursor, CancellationToken ct)
    {
        var query = db.Cases.AsNoTracking().Where(k => customerIds.Contains(k.CustomerId)).VisibleTo(db, viewer);
        if (cursor is { } c)
        {
            query = c.Kind < TimelineKind.Case
                ? query.Where(k => k.CreatedAt <= c.At)
                : query.Where(k => k.CreatedAt < c.At || (k.CreatedAt == c.At && k.Id.CompareTo(c.Id) < 0));
        }

        var rows = await query.OrderByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).Take(take)
            .Select(k => new { k.Id, k.Number, k.Title, k.Kind, k.Status, k.CreatedAt })
            .ToListAsync(ct);
        return rows.Select(k => new TimelineItem(TimelineKind.Case, k.Id, k.CreatedAt, $"/cases/{k.Id}",
            $"{CaseNumbers.Format(k.Number)} {k.Title}", k.Kind)
        {
            CaseStatus = k.Status,
        }).ToList();
    }

    private async Task<List<TimelineItem>> LoyaltyAsync(IReadOnlyCollection<Guid> customerIds, Viewer viewer, int take,
        TimelineCursor? cursor, CancellationToken ct)
    {
        var visible = db.Customers.Select(c => c.Id).Where(id => customerIds.Contains(id)).WhoseLoyaltyIsVisible(db, viewer);
        var query = db.Set<LoyaltyAction>().AsNoTracking().Where(a => visible.Contains(a.CustomerId));
        if (cursor is { } c)
        {
            query = c.Kind < TimelineKind.Loyalty
                ? query.Where(a => a.At <= c.At)
                : query.Where(a => a.At < c.At || (a.At == c.At && a.Id.CompareTo(c.Id) < 0));
        }

        var rows = await query.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(take)
            .Select(a => new { a.Id, a.CustomerId, a.Kind, a.Text, a.ByName, a.At }).ToListAsync(ct);
        return rows.Select(a => new TimelineItem(TimelineKind.Loyalty, a.Id, a.At, $"/customers/{a.CustomerId}#loyalty",
            a.Kind == LoyaltyActionKind.OfferGranted ? $"Offer granted: {a.Text}" : $"Extra mile: {a.Text}", null)
        {
            Who = a.ByName,
            LoyaltyKind = a.Kind,
        }).ToList();
    }

    private static string Summarise(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length >= SummaryLength ? line[..(SummaryLength - 1)] + "…" : line;
    }
}
