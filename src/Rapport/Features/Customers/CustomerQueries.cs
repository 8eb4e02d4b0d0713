using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>Read side of customer records: the paged, searchable list and the record's history.</summary>
public sealed class CustomerQueries(RapportDbContext db, ContactPointRules rules)
{
    public async Task<Page<CustomerSummaryDto>> ListAsync(string? search, CustomerKind? kind, int take, Cursor? after, CancellationToken ct)
    {
        var query = db.Customers.AsNoTracking().Where(c => c.MergedIntoId == null);
        if (kind is { } k)
        {
            query = query.Where(c => c.Kind == k);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            var key = ContactKeyFor(term);
            query = key is null
                ? query.Where(c => c.NameNormalized.Contains(term))
                : query.Where(c => c.NameNormalized.Contains(term) || c.ContactPoints.Any(p => p.Normalized == key));
        }

        if (after is not null)
        {
            query = query.Where(c => string.Compare(c.NameNormalized, after.Key) > 0
                || (c.NameNormalized == after.Key && c.Id.CompareTo(after.Id) > 0));
        }

        var rows = await query.OrderBy(c => c.NameNormalized).ThenBy(c => c.Id).Take(take + 1)
            .Select(c => new
            {
                c.NameNormalized,
                Dto = new CustomerSummaryDto(c.Id, c.Name, c.Type, c.Kind, c.Organisation,
                    c.ContactPoints.Where(p => p.Type == ContactPointType.Email).OrderBy(p => p.Id).Select(p => p.Value).FirstOrDefault(),
                    c.ContactPoints.Where(p => p.Type == ContactPointType.Phone).OrderBy(p => p.Id).Select(p => p.Value).FirstOrDefault(),
                    c.CustomerSince, c.LastContactAt,
                    c.Profile.NeedsRelayService || c.Profile.NeedsTranslator || c.Profile.NeedsLargePrint
                        || c.Profile.NeedsExtraTime || c.Profile.OtherAccessibilityNeeds != null),
            })
            .ToListAsync(ct);
        var next = rows.Count > take ? new Cursor(rows[take - 1].NameNormalized, rows[take - 1].Dto.Id).Encode() : null;
        return new Page<CustomerSummaryDto>(rows.Take(take).Select(r => r.Dto).ToList(), next);
    }

    public async Task<Page<AuditEntryDto>> HistoryAsync(IReadOnlyCollection<string> subjectIds, int take, Cursor? after, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking().Where(e => e.SubjectType == "customer" && subjectIds.Contains(e.SubjectId));
        if (after is not null && long.TryParse(after.Key, out var before))
        {
            query = query.Where(e => e.Sequence < before);
        }

        var rows = await query.OrderByDescending(e => e.Sequence).Take(take + 1).ToListAsync(ct);
        var next = rows.Count > take ? new Cursor(rows[take - 1].Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), Guid.Empty).Encode() : null;
        return new Page<AuditEntryDto>(rows.Take(take).Select(e => e.ToDto()).ToList(), next);
    }

    private string? ContactKeyFor(string term)
    {
        if (term.Contains('@', StringComparison.Ordinal))
        {
            return term;
        }

        return term.Any(char.IsDigit) && rules.TryNormalizePhone(term, out var e164) ? e164 : null;
    }
}
