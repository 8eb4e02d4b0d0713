using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Privacy;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Loyalty;

/// <summary>
/// Loyalty in subject rights (C22): the business the person brought, the offers granted and extra-mile actions taken
/// for them, and their stored risk-of-leaving score with its factors. Erasure redacts the free text (what the business
/// was, what was done or granted) and keeps kinds, dates, amounts and costs, as it keeps case actions' amounts, so value
/// and retention-cost figures still add up; the score is a judgement about the person, not a statistic, and goes.
/// Their audit entries are the customer's (subject "customer"), redacted with the rest.
/// </summary>
internal sealed class LoyaltySubjectRights(RapportDbContext db) : ISubjectRightsParticipant
{
    private const string Erased = IdentifierScrub.Replacement;

    public string Section => "loyalty";

    public async Task WriteDataAsync(Utf8JsonWriter json, JsonSerializerOptions options, SubjectRecords subject, CancellationToken ct)
    {
        var (business, actions, scores) = await ReadAsync(subject, ct);
        JsonSerializer.Serialize(json, new
        {
            businessRecords = business,
            offersGrantedAndExtraMileActions = actions,
            riskOfLeaving = scores.Select(l => new
            {
                l.CustomerId,
                l.Score,
                factors = l.FactorList,
                l.RepeatContacts,
                l.LastContactAt,
                l.TenureSince,
                l.LongStanding,
                l.ComputedAt,
            }),
        }, options);
    }

    public async Task WriteReportAsync(SubjectAccessHtml html, SubjectRecords subject, CancellationToken ct)
    {
        var (business, actions, scores) = await ReadAsync(subject, ct);
        await html.HeadingAsync("Loyalty");
        await html.SubheadingAsync("Business you brought");
        await html.TableAsync(["When", "Kind", "Amount", "What", "Recorded by"], business.Select(b => new[]
        {
            SubjectAccessHtml.Time(b.OccurredAt), b.Kind.ToString(), SubjectAccessHtml.Money(b.Amount, b.Currency), b.Description, b.RecordedByName,
        }));
        await html.SubheadingAsync("Offers granted and extra-mile actions");
        await html.TableAsync(["When", "Kind", "What", "Cost to us", "By"], actions.Select(a => new[]
        {
            SubjectAccessHtml.Time(a.At), a.Kind == LoyaltyActionKind.OfferGranted ? "Offer granted" : "Extra mile", a.Text,
            SubjectAccessHtml.Money(a.Cost, a.Currency), a.ByName,
        }));
        await html.SubheadingAsync("Risk of leaving, as last worked out");
        await html.TableAsync(["Worked out", "Score (0-100)", "Factor", "Points", "Why"], scores.SelectMany(l => l.FactorList.Select(f => new[]
        {
            SubjectAccessHtml.Time(l.ComputedAt), l.Score.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Label,
            f.Points.ToString(System.Globalization.CultureInfo.InvariantCulture), f.Detail,
        })));
    }

    public Task<IReadOnlyList<Guid>> AuditSubjectIdsAsync(SubjectRecords subject, CancellationToken ct) => Task.FromResult<IReadOnlyList<Guid>>([]);

    public async Task<int> EraseAsync(SubjectRecords subject, CancellationToken ct)
    {
        var ids = subject.CustomerIds;
        var business = await db.Set<BusinessRecord>().Where(b => ids.Contains(b.CustomerId))
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.Description, Erased), ct);
        var actions = await db.Set<LoyaltyAction>().Where(a => ids.Contains(a.CustomerId)).ExecuteUpdateAsync(s => s.SetProperty(a => a.Text, Erased), ct);
        var scores = await db.Set<CustomerLoyalty>().Where(l => ids.Contains(l.CustomerId)).ExecuteDeleteAsync(ct);
        return business + actions + scores;
    }

    private async Task<(List<BusinessRecord>, List<LoyaltyAction>, List<CustomerLoyalty>)> ReadAsync(SubjectRecords subject, CancellationToken ct)
    {
        var ids = subject.CustomerIds;
        var business = await db.Set<BusinessRecord>().AsNoTracking().Where(b => ids.Contains(b.CustomerId))
            .OrderBy(b => b.OccurredAt).ThenBy(b => b.Id).ToListAsync(ct);
        var actions = await db.Set<LoyaltyAction>().AsNoTracking().Where(a => ids.Contains(a.CustomerId)).OrderBy(a => a.At).ThenBy(a => a.Id).ToListAsync(ct);
        var scores = await db.Set<CustomerLoyalty>().AsNoTracking().Where(l => ids.Contains(l.CustomerId)).ToListAsync(ct);
        return (business, actions, scores);
    }
}
