using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Cases;

/// <summary>Filters of the case list; null means any.</summary>
public sealed record CaseFilter(
    CaseStatus? Status = null, Guid? OwnerId = null, bool Unowned = false, Guid? TeamId = null, string? Kind = null,
    CasePriority? Priority = null, string? Tag = null, Guid? CustomerId = null, bool ActiveOnly = false);

/// <summary>Read side of cases: the list, one case, a customer's cases, the kinds.</summary>
public sealed class CaseQueries(RapportDbContext db)
{
    public async Task<Page<CaseSummaryDto>> ListAsync(CaseFilter filter, Viewer viewer, int take, Cursor? after, CancellationToken ct)
    {
        var query = db.Cases.AsNoTracking().VisibleTo(db, viewer);
        if (filter.Status is { } s) query = query.Where(c => c.Status == s);
        if (filter.ActiveOnly) query = query.Where(c => c.Status != CaseStatus.Resolved && c.Status != CaseStatus.Closed);
        if (filter.OwnerId is { } o) query = query.Where(c => c.OwnerId == o);
        if (filter.Unowned) query = query.Where(c => c.OwnerId == null);
        if (filter.TeamId is { } t) query = query.Where(c => c.TeamId == t);
        if (filter.Kind is { } k) query = query.Where(c => c.Kind == k);
        if (filter.Priority is { } p) query = query.Where(c => c.Priority == p);
        if (filter.CustomerId is { } cu) query = query.Where(c => c.CustomerId == cu);
        if (filter.Tag is { } tag) query = query.Where(c => db.CaseTags.Any(x => x.CaseId == c.Id && x.Tag == tag));
        if (after is not null && long.TryParse(after.Key, CultureInfo.InvariantCulture, out var ticks))
        {
            var at = new DateTime(ticks, DateTimeKind.Utc);
            query = query.Where(c => c.UpdatedAt < at || (c.UpdatedAt == at && c.Id.CompareTo(after.Id) < 0));
        }

        var rows = await Summaries(query.OrderByDescending(c => c.UpdatedAt).ThenByDescending(c => c.Id).Take(take + 1), ct);
        var next = rows.Count > take
            ? new Cursor(rows[take - 1].UpdatedAt.Ticks.ToString(CultureInfo.InvariantCulture), rows[take - 1].Id).Encode()
            : null;
        return new Page<CaseSummaryDto>(rows.Take(take).ToList(), next);
    }

    /// <summary>The case as <paramref name="viewer"/> may see it: not at all, or with only the linked conversations they may see.</summary>
    public async Task<CaseDto?> GetAsync(Guid id, Viewer viewer, CancellationToken ct)
    {
        var summary = (await Summaries(db.Cases.AsNoTracking().Where(c => c.Id == id).VisibleTo(db, viewer), ct)).FirstOrDefault();
        if (summary is null)
        {
            return null;
        }

        var c = await db.Cases.AsNoTracking().FirstAsync(x => x.Id == id, ct);
        var conversations = await db.CaseConversations.AsNoTracking().Where(l => l.CaseId == id)
            .Join(db.Conversations.VisibleTo(db, viewer), l => l.ConversationId, x => x.Id, (l, x) => new { x.Id, x.Subject, x.Status, x.LastMessageAt, l.LinkedAt })
            .ToListAsync(ct);
        var followers = await db.CaseFollowers.AsNoTracking().Where(f => f.CaseId == id)
            .Join(db.Users, f => f.UserId, u => u.Id, (f, u) => new FollowerDto(u.Id, u.DisplayName)).ToListAsync(ct);
        var notes = await db.CaseNotes.AsNoTracking().Where(n => n.CaseId == id).OrderByDescending(n => n.At).ThenByDescending(n => n.Id)
            .Take(500).Select(n => new CaseNoteDto(n.Id, n.AuthorId, n.AuthorName, n.Text, n.At)).ToListAsync(ct);
        var confirmation = c.RequirementConfirmedAt is { } at
            ? new RequirementConfirmationDto(at, c.RequirementConfirmedById!.Value, c.RequirementConfirmedByName!, c.RequirementConfirmedHow!)
            : null;
        return new CaseDto(summary, c.Requirement, confirmation,
            conversations.OrderByDescending(x => x.LastMessageAt)
                .Select(x => new LinkedConversationDto(x.Id, x.Subject, x.Status.ToString(), x.LastMessageAt, x.LinkedAt)).ToList(),
            followers.OrderBy(f => f.DisplayName, StringComparer.CurrentCulture).ToList(), notes);
    }

    public async Task<CaseSummaryDto?> SummaryAsync(Guid id, CancellationToken ct) =>
        (await Summaries(db.Cases.AsNoTracking().Where(c => c.Id == id), ct)).FirstOrDefault();

    public async Task<IReadOnlyList<CaseSummaryDto>> SummariesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        await Summaries(db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id)), ct);

    /// <summary>The case a conversation is linked to, if any and if <paramref name="viewer"/> may see it.</summary>
    public async Task<CaseSummaryDto?> ForConversationAsync(Guid conversationId, Viewer viewer, CancellationToken ct) =>
        await db.CaseConversations.AsNoTracking().Where(l => l.ConversationId == conversationId).Select(l => (Guid?)l.CaseId)
            .FirstOrDefaultAsync(ct) is { } caseId
            ? (await Summaries(db.Cases.AsNoTracking().Where(c => c.Id == caseId).VisibleTo(db, viewer), ct)).FirstOrDefault()
            : null;

    /// <summary>Colleagues who can be @mentioned.</summary>
    public async Task<IReadOnlyList<MentionableUser>> StaffAsync(CancellationToken ct) =>
        await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).Select(u => new MentionableUser(u.Id, u.Email ?? "", u.DisplayName)).ToListAsync(ct);

    /// <summary>The case's current version, the ETag clients send back in If-Match.</summary>
    public Task<Guid> VersionAsync(Guid id, CancellationToken ct) =>
        db.Cases.AsNoTracking().Where(c => c.Id == id).Select(c => c.Version).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<CaseKindDto>> KindsAsync(CancellationToken ct)
    {
        var custom = await db.CaseKinds.AsNoTracking().OrderBy(k => k.Name).Select(k => new CaseKindDto(k.Key, k.Name, false)).ToListAsync(ct);
        return [.. CaseKinds.BuiltIn.Select(k => new CaseKindDto(k.Key, k.Name, true)), .. custom];
    }

    private async Task<List<CaseSummaryDto>> Summaries(IQueryable<Case> cases, CancellationToken ct)
    {
        var rows = await cases
            .Join(db.Customers, c => c.CustomerId, cu => cu.Id, (c, cu) => new { c, CustomerName = cu.Name })
            .GroupJoin(db.Users, x => x.c.OwnerId, u => u.Id, (x, owners) => new { x.c, x.CustomerName, owners })
            .SelectMany(x => x.owners.DefaultIfEmpty(), (x, owner) => new { x.c, x.CustomerName, OwnerName = owner == null ? null : owner.DisplayName })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.c.Id).ToList();
        var tags = (await db.CaseTags.AsNoTracking().Where(t => ids.Contains(t.CaseId)).ToListAsync(ct))
            .ToLookup(t => t.CaseId, t => t.Tag);
        return rows.Select(r => new CaseSummaryDto(r.c.Id, CaseNumbers.Format(r.c.Number), r.c.CustomerId, r.CustomerName, r.c.Kind, r.c.Title,
                r.c.Status, r.c.Priority, r.c.OwnerId, r.OwnerName, r.c.TeamId, tags[r.c.Id].Order(StringComparer.Ordinal).ToList(),
                r.c.CreatedAt, r.c.UpdatedAt, r.c.FirstResponseAt, r.c.ResolvedAt, r.c.LastCustomerUpdateAt))
            .OrderByDescending(r => r.UpdatedAt).ThenByDescending(r => r.Id).ToList();
    }
}
