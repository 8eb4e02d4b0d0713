using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Competence;

public sealed record CriterionEvidenceDto(string Id, string Standard, string Code, string Text, bool Evidenced, IReadOnlyList<EvidenceKind> EvidencedBy,
    IReadOnlyList<EvidenceFound> Evidence);

public sealed record StandardEvidenceDto(string Standard, string Title, int Criteria, int Evidenced, IReadOnlyList<CriterionEvidenceDto> Items);

/// <summary>
/// A staff member's competence portfolio over [from, to): every criterion of the five standards, evidenced (by which
/// records) or a gap. Records the reader may not see (a restricted team's work) are left out of the links and the counts.
/// </summary>
public sealed record PortfolioDto(Guid StaffId, string StaffName, string? Email, DateTime From, DateTime To, DateTime GeneratedAt, int Criteria,
    int Evidenced, int Gaps, IReadOnlyList<StandardEvidenceDto> Standards);

/// <summary>Builds portfolios (C27) from every registered <see cref="ICompetenceEvidenceSource"/>.</summary>
public sealed class Portfolios(RapportDbContext db, IEnumerable<ICompetenceEvidenceSource> sources, TimeProvider time)
{
    /// <summary>When the range is left out: the year up to the end of today (UTC).</summary>
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(365);

    /// <summary>
    /// Whose portfolio the viewer may read: their own; administrators and auditors (assessors) everyone's; supervisors the
    /// members of the teams they belong to.
    /// </summary>
    public async Task<bool> MayReadAsync(Guid staffId, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var me = user.UserId();
        if (staffId == me || user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Auditor))
        {
            return await db.Users.AnyAsync(u => u.Id == staffId, ct);
        }

        return user.IsInRole(Roles.Supervisor)
            && await db.TeamMembers.AnyAsync(m => m.UserId == staffId && db.TeamMembers.Any(s => s.TeamId == m.TeamId && s.UserId == me), ct);
    }

    public async Task<PortfolioDto?> BuildAsync(Guid staffId, DateTime? from, DateTime? to, Viewer viewer, CancellationToken ct)
    {
        var staff = await db.Users.AsNoTracking().Where(u => u.Id == staffId).Select(u => new { u.DisplayName, u.Email }).FirstOrDefaultAsync(ct);
        if (staff is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var end = to ?? now.Date.AddDays(1);
        var start = from ?? end - DefaultRange;
        if (end <= start)
        {
            throw new InvalidInputException("to", "to must be after from.");
        }

        var query = new EvidenceQuery(staffId, start, end, viewer);
        var found = new List<EvidenceFound>();
        foreach (var source in sources)
        {
            found.AddRange(await source.FindAsync(query, ct)); // one at a time: they share the request's DbContext
        }

        var standards = StandardCriteria.All.GroupBy(c => c.Standard).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var items = g.Select(c =>
            {
                var needs = CriterionEvidence.For(c);
                var evidence = found.Where(f => f.Count > 0 && needs.Any(n => n.IsMetBy(f))).ToList();
                return new CriterionEvidenceDto(c.Id, c.Standard, c.Code, c.Text, evidence.Count > 0, evidence.Select(e => e.Kind).Distinct().ToList(), evidence);
            }).ToList();
            return new StandardEvidenceDto(g.Key, StandardCriteria.Titles[g.Key], items.Count, items.Count(i => i.Evidenced), items);
        }).ToList();
        var evidenced = standards.Sum(s => s.Evidenced);
        return new PortfolioDto(staffId, staff.DisplayName, staff.Email, start, end, now, StandardCriteria.All.Count, evidenced,
            StandardCriteria.All.Count - evidenced, standards);
    }
}
