using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Promises;

/// <summary>Which promises to list. Pending means open or renegotiated; overdue means pending and past due.</summary>
public sealed record PromiseFilter(Guid? OwnerId = null, Guid? TeamId = null, Guid? CaseId = null, Guid? CustomerId = null,
    PromiseStatus? Status = null, bool PendingOnly = false, bool OverdueOnly = false, DateTime? DueFrom = null, DateTime? DueTo = null);

public sealed class PromiseQueries(RapportDbContext db, TimeProvider time)
{
    /// <summary>Promises by due time, soonest first (keyset on DueAt, Id).</summary>
    public async Task<Page<PromiseDto>> ListAsync(PromiseFilter f, Viewer viewer, int take, Cursor? after, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var q = db.Set<Promise>().AsNoTracking().VisibleTo(db, viewer);
        if (f.OwnerId is { } o) q = q.Where(p => p.OwnerId == o);
        if (f.TeamId is { } t) q = q.Where(p => p.TeamId == t);
        if (f.CaseId is { } c) q = q.Where(p => p.CaseId == c);
        if (f.CustomerId is { } cu) q = q.Where(p => p.CustomerId == cu);
        if (f.Status is { } s) q = q.Where(p => p.Status == s);
        if (f.PendingOnly || f.OverdueOnly) q = q.Where(p => p.Status == PromiseStatus.Open || p.Status == PromiseStatus.Renegotiated);
        if (f.OverdueOnly) q = q.Where(p => p.DueAt <= now);
        if (f.DueFrom is { } from) q = q.Where(p => p.DueAt >= from);
        if (f.DueTo is { } to) q = q.Where(p => p.DueAt < to);
        if (after is not null && long.TryParse(after.Key, CultureInfo.InvariantCulture, out var ticks))
        {
            var at = new DateTime(ticks, DateTimeKind.Utc);
            q = q.Where(p => p.DueAt > at || (p.DueAt == at && p.Id.CompareTo(after.Id) > 0));
        }

        var rows = await q.OrderBy(p => p.DueAt).ThenBy(p => p.Id).Take(take + 1).ToListAsync(ct);
        var next = rows.Count > take ? new Cursor(rows[take - 1].DueAt.Ticks.ToString(CultureInfo.InvariantCulture), rows[take - 1].Id).Encode() : null;
        return new Page<PromiseDto>(await DtosAsync(rows.Take(take).ToList(), ct), next);
    }

    public async Task<PromiseDto?> GetAsync(Guid id, CancellationToken ct) =>
        await db.Set<Promise>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct) is { } p ? (await DtosAsync([p], ct))[0] : null;

    /// <summary>Where each of these promises stands and when it was settled: for features that hang a rule on a promise (complaint follow-ups).</summary>
    public async Task<IReadOnlyDictionary<Guid, PromiseOutcome>> OutcomesAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        ids.Count == 0
            ? new Dictionary<Guid, PromiseOutcome>()
            : await db.Set<Promise>().AsNoTracking().Where(p => ids.Contains(p.Id))
                .ToDictionaryAsync(p => p.Id, p => new PromiseOutcome(p.Status, p.DueAt, p.ClosedAt), ct);

    public async Task<IReadOnlyList<PromiseDto>> DtosAsync(IReadOnlyList<Promise> promises, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var ids = promises.Select(p => p.Id).ToList();
        var customerIds = promises.Select(p => p.CustomerId).Distinct().ToList();
        var userIds = promises.Select(p => p.OwnerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Name, ct);
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var history = (await db.Set<PromiseRenegotiation>().AsNoTracking().Where(r => ids.Contains(r.PromiseId)).ToListAsync(ct))
            .OrderBy(r => r.At).ToLookup(r => r.PromiseId);
        return promises.Select(p => new PromiseDto(p.Id, p.CustomerId, customers.GetValueOrDefault(p.CustomerId, ""), p.CaseId, p.ConversationId,
            p.MessageId, p.OwnerId, users.GetValueOrDefault(p.OwnerId, ""), p.TeamId, p.What, p.DueAt, p.DueText, p.Status,
            p.IsPending && p.DueAt <= now, p.RemindedAt, p.EscalatedAt, p.ClosedAt, p.ClosingNote, p.KeptOnTime, p.CreatedById, p.CreatedAt,
            history[p.Id].Select(r => new PromiseRenegotiationDto(r.PreviousDueAt, r.NewDueAt, r.Reason, r.ById, r.At)).ToList())).ToList();
    }

    /// <summary>
    /// Kept, broken and renegotiated promises due in [from, to) per owner, and per team as the sum of its members' promises.
    /// Counted in the database, grouped by owner and outcome, so the cost is one index range over the period.
    /// </summary>
    public async Task<PromiseMeasuresDto> MeasuresAsync(DateTime from, DateTime to, CancellationToken ct)
    {
        var groups = await db.Set<Promise>().AsNoTracking().Where(p => p.DueAt >= from && p.DueAt < to)
            .GroupBy(p => new { p.OwnerId, p.Status, p.KeptOnTime, Renegotiated = p.Renegotiations > 0 })
            .Select(g => new { g.Key.OwnerId, g.Key.Status, g.Key.KeptOnTime, g.Key.Renegotiated, Count = g.Count() })
            .ToListAsync(ct);
        var owners = groups.Select(g => g.OwnerId).Distinct().ToList();
        var names = await db.Users.AsNoTracking().Where(u => owners.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        var memberships = await db.TeamMembers.AsNoTracking().Where(m => owners.Contains(m.UserId)).ToListAsync(ct);
        var teamIds = memberships.Select(m => m.TeamId).Distinct().ToList();
        var teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);

        PromiseMeasureDto Measure(Guid id, string name, IEnumerable<Guid> ownerIds)
        {
            var mine = groups.Where(g => ownerIds.Contains(g.OwnerId)).ToList();
            int Count(Func<PromiseStatus, bool, bool, bool> which) => mine.Where(g => which(g.Status, g.KeptOnTime, g.Renegotiated)).Sum(g => g.Count);
            var kept = Count((s, _, _) => s == PromiseStatus.Kept);
            var onTime = Count((s, k, _) => s == PromiseStatus.Kept && k);
            var broken = Count((s, _, _) => s == PromiseStatus.Broken);
            var renegotiated = Count((_, _, r) => r);
            var open = Count((s, _, _) => s is PromiseStatus.Open or PromiseStatus.Renegotiated);
            return new PromiseMeasureDto(id, name, kept, onTime, broken, renegotiated, open, kept + broken == 0 ? null : (double)onTime / (kept + broken));
        }

        var agents = owners.Select(o => Measure(o, names.GetValueOrDefault(o, ""), [o])).OrderBy(m => m.Name, StringComparer.CurrentCulture).ToList();
        var byTeam = teamIds.Select(t => Measure(t, teams[t], memberships.Where(m => m.TeamId == t).Select(m => m.UserId).ToList()))
            .OrderBy(m => m.Name, StringComparer.CurrentCulture).ToList();
        return new PromiseMeasuresDto(from, to, agents, byTeam);
    }
}
