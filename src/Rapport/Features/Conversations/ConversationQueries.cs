using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>Which slice of the inbox to list.</summary>
public enum InboxView { All, Unassigned, Mine, Team }

/// <summary>Read side of conversations: the inbox, one conversation, a customer's timeline.</summary>
public sealed class ConversationQueries(RapportDbContext db)
{
    public async Task<Page<ConversationSummaryDto>> InboxAsync(InboxView view, Viewer viewer, ConversationStatus? status, Channel? channel,
        int take, Cursor? after, CancellationToken ct)
    {
        var query = Inbox(view, viewer, status, channel);
        if (after is not null && long.TryParse(after.Key, out var ticks))
        {
            var at = new DateTime(ticks, DateTimeKind.Utc);
            query = query.Where(c => c.LastMessageAt < at || (c.LastMessageAt == at && c.Id.CompareTo(after.Id) < 0));
        }

        var rows = await query.OrderByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Id).Take(take + 1)
            .Join(db.Customers, c => c.CustomerId, cu => cu.Id, (c, cu) => new ConversationSummaryDto(c.Id, c.CustomerId, cu.Name, c.Subject,
                c.Status, c.LastChannel, c.AssigneeId, c.TeamId, c.CreatedAt, c.LastMessageAt, c.LastMessagePreview, c.MessageCount))
            .ToListAsync(ct);
        rows = rows.OrderByDescending(r => r.LastMessageAt).ThenByDescending(r => r.Id).ToList();
        var next = rows.Count > take
            ? new Cursor(rows[take - 1].LastMessageAt.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[take - 1].Id).Encode()
            : null;
        return new Page<ConversationSummaryDto>(rows.Take(take).ToList(), next);
    }

    /// <summary>
    /// Which of <paramref name="ids"/> belong in this inbox view now, as rows: what a live inbox fetches when told
    /// those conversations changed, instead of running its whole query again. An id missing from the answer left the view.
    /// </summary>
    public async Task<List<ConversationSummaryDto>> InboxRowsAsync(InboxView view, Viewer viewer, ConversationStatus? status, Channel? channel,
        IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        await Summaries(Inbox(view, viewer, status, channel).Where(c => ids.Contains(c.Id))).ToListAsync(ct);

    /// <summary>
    /// The conversation's header and those of <paramref name="messageIds"/> that are its messages: what an open
    /// conversation fetches when told messages arrived, instead of loading all of them again. Null when not visible.
    /// </summary>
    public async Task<ConversationDto?> NewMessagesAsync(Guid id, IReadOnlyCollection<Guid> messageIds, Viewer viewer, CancellationToken ct)
    {
        var summary = await Summaries(db.Conversations.AsNoTracking().Where(c => c.Id == id).VisibleTo(db, viewer)).FirstOrDefaultAsync(ct);
        if (summary is null)
        {
            return null;
        }

        var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == id && messageIds.Contains(m.Id)).ToListAsync(ct);
        var attachments = await AttachmentsOfAsync(messages, ct);
        return new ConversationDto(summary, messages.OrderByDescending(m => m.At).ThenByDescending(m => m.Id)
            .Select(m => m.ToDto(attachments.GetValueOrDefault(m.Id))).ToList());
    }

    /// <summary>The inbox's filters and the visibility rule, shared by the list and by live updates to it.</summary>
    private IQueryable<Conversation> Inbox(InboxView view, Viewer viewer, ConversationStatus? status, Channel? channel)
    {
        var userId = viewer.UserId;
        var query = db.Conversations.AsNoTracking().VisibleTo(db, viewer);
        query = view switch
        {
            InboxView.Unassigned => query.Where(c => c.AssigneeId == null),
            InboxView.Mine => query.Where(c => c.AssigneeId == userId),
            InboxView.Team => query.Where(c => c.TeamId != null && db.TeamMembers.Any(m => m.TeamId == c.TeamId && m.UserId == userId)),
            _ => query,
        };
        if (status is { } s) query = query.Where(c => c.Status == s);
        if (channel is { } ch) query = query.Where(c => c.LastChannel == ch);
        return query;
    }

    private IQueryable<ConversationSummaryDto> Summaries(IQueryable<Conversation> conversations) =>
        conversations.Join(db.Customers, c => c.CustomerId, cu => cu.Id, (c, cu) => new ConversationSummaryDto(c.Id, c.CustomerId, cu.Name, c.Subject,
            c.Status, c.LastChannel, c.AssigneeId, c.TeamId, c.CreatedAt, c.LastMessageAt, c.LastMessagePreview, c.MessageCount));

    public async Task<ConversationDto?> GetAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var summary = await db.Conversations.AsNoTracking().Where(c => c.Id == id).VisibleTo(db, viewer)
            .Join(db.Customers, c => c.CustomerId, cu => cu.Id, (c, cu) => new ConversationSummaryDto(c.Id, c.CustomerId, cu.Name, c.Subject,
                c.Status, c.LastChannel, c.AssigneeId, c.TeamId, c.CreatedAt, c.LastMessageAt, c.LastMessagePreview, c.MessageCount))
            .FirstOrDefaultAsync(ct);
        if (summary is null)
        {
            return null;
        }

        var messages = await db.Messages.AsNoTracking().Where(m => m.ConversationId == id)
            .OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Take(500).ToListAsync(ct);
        var attachments = await AttachmentsOfAsync(messages, ct);
        return new ConversationDto(summary, messages.Select(m => m.ToDto(attachments.GetValueOrDefault(m.Id))).ToList());
    }

    /// <summary>Every message, note, call and letter of a customer (and of records merged into it), newest first.</summary>
    public async Task<Page<MessageDto>> TimelineAsync(IReadOnlyCollection<Guid> customerIds, Viewer viewer, int take, Cursor? after,
        CancellationToken ct)
    {
        var query = db.Messages.AsNoTracking().Where(m => customerIds.Contains(m.CustomerId)).VisibleTo(db, viewer);
        if (after is not null && long.TryParse(after.Key, out var ticks))
        {
            var at = new DateTime(ticks, DateTimeKind.Utc);
            query = query.Where(m => m.At < at || (m.At == at && m.Id.CompareTo(after.Id) < 0));
        }

        var rows = await query.OrderByDescending(m => m.At).ThenByDescending(m => m.Id).Take(take + 1).ToListAsync(ct);
        var next = rows.Count > take
            ? new Cursor(rows[take - 1].At.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[take - 1].Id).Encode()
            : null;
        var page = rows.Take(take).ToList();
        var attachments = await AttachmentsOfAsync(page, ct);
        return new Page<MessageDto>(page.Select(m => m.ToDto(attachments.GetValueOrDefault(m.Id))).ToList(), next);
    }

    private async Task<Dictionary<Guid, List<AttachmentDto>>> AttachmentsOfAsync(List<Message> messages, CancellationToken ct)
    {
        var ids = messages.Select(m => m.Id).ToList();
        var rows = await db.Attachments.AsNoTracking().Where(a => ids.Contains(a.MessageId)).ToListAsync(ct);
        return rows.OrderBy(a => a.Id).GroupBy(a => a.MessageId).ToDictionary(g => g.Key, g => g.Select(a => a.ToDto()).ToList());
    }
}
