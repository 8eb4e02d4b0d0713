using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Privacy;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Complaints;

/// <summary>
/// Complaints in subject rights (C22): the complaint on each of the person's cases in their words, the apology and thanks
/// as given, the alternatives offered and the disagreements recorded. Erasure redacts every text (any may quote or name
/// them) and keeps the cause, the steps' times, who took them, the offers' amounts and which was agreed, so complaint
/// measures still add up. Their audit entries are the case's, redacted with the rest.
/// </summary>
internal sealed class ComplaintSubjectRights(RapportDbContext db) : ISubjectRightsParticipant
{
    private const string Erased = IdentifierScrub.Replacement;

    public string Section => "complaints";

    public async Task WriteDataAsync(Utf8JsonWriter json, JsonSerializerOptions options, SubjectRecords subject, CancellationToken ct)
    {
        var (complaints, alternatives, disagreements) = await ReadAsync(subject, ct);
        JsonSerializer.Serialize(json, complaints.Select(c => new
        {
            complaint = c,
            alternatives = alternatives[c.Id],
            disagreements = disagreements[c.Id],
        }), options);
    }

    public async Task WriteReportAsync(SubjectAccessHtml html, SubjectRecords subject, CancellationToken ct)
    {
        var (complaints, alternatives, disagreements) = await ReadAsync(subject, ct);
        var numbers = await db.Cases.AsNoTracking().Where(c => subject.CaseIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Number, ct);
        await html.HeadingAsync("Complaints");
        await html.TableAsync(["Case", "Started", "In your words", "What you expected", "How you felt", "Apology", "Thanks"], complaints.Select(c => new[]
        {
            numbers.GetValueOrDefault(c.CaseId).ToString(System.Globalization.CultureInfo.InvariantCulture), SubjectAccessHtml.Time(c.StartedAt),
            c.CustomerWords, c.Expectation, c.Feeling, c.ApologyWording, c.ThanksWording,
        }));
        await html.SubheadingAsync("Solutions offered");
        await html.TableAsync(["Case", "Solution", "Cost to you", "Benefit to you", "Status"], complaints.SelectMany(c => alternatives[c.Id].Select(a => new[]
        {
            numbers.GetValueOrDefault(c.CaseId).ToString(System.Globalization.CultureInfo.InvariantCulture), a.Description, a.CustomerCost,
            a.CustomerBenefit, a.Status.ToString(),
        })));
        await html.SubheadingAsync("Disagreements");
        await html.TableAsync(["Recorded", "What you need", "What was confirmed", "Why it could not be met", "Escalation"],
            complaints.SelectMany(c => disagreements[c.Id].Select(d => new[]
            {
                SubjectAccessHtml.Time(d.RecordedAt), d.Needs, d.Confirmed, d.WhyNotMet, d.Escalation,
            })));
    }

    public Task<IReadOnlyList<Guid>> AuditSubjectIdsAsync(SubjectRecords subject, CancellationToken ct) => Task.FromResult<IReadOnlyList<Guid>>([]);

    public async Task<int> EraseAsync(SubjectRecords subject, CancellationToken ct)
    {
        var caseIds = subject.CaseIds;
        // A text that was given stays marked as given ("[erased]", not null): the flow reads a step as done by its time, the
        // screens by its text.
        var complaints = await db.Set<Complaint>().Where(c => caseIds.Contains(c.CaseId)).ExecuteUpdateAsync(s => s
            .SetProperty(c => c.CustomerWords, c => c.CustomerWords == null ? null : Erased)
            .SetProperty(c => c.Expectation, c => c.Expectation == null ? null : Erased)
            .SetProperty(c => c.Feeling, c => c.Feeling == null ? null : Erased)
            .SetProperty(c => c.ApologyWording, c => c.ApologyWording == null ? null : Erased)
            .SetProperty(c => c.ThanksWording, c => c.ThanksWording == null ? null : Erased)
            .SetProperty(c => c.FollowUpWaivedReason, c => c.FollowUpWaivedReason == null ? null : Erased)
            .SetProperty(c => c.Version, Guid.NewGuid()), ct);
        var alternatives = await db.Set<ComplaintAlternative>().Where(a => caseIds.Contains(a.CaseId)).ExecuteUpdateAsync(s => s
            .SetProperty(a => a.Description, Erased).SetProperty(a => a.CustomerCost, Erased).SetProperty(a => a.CustomerBenefit, Erased)
            .SetProperty(a => a.OrganisationCost, Erased).SetProperty(a => a.OrganisationBenefit, Erased), ct);
        var disagreements = await db.Set<ComplaintDisagreement>().Where(d => caseIds.Contains(d.CaseId)).ExecuteUpdateAsync(s => s
            .SetProperty(d => d.Needs, Erased).SetProperty(d => d.Confirmed, Erased).SetProperty(d => d.WhyNotMet, Erased)
            .SetProperty(d => d.Escalation, Erased), ct);
        return complaints + alternatives + disagreements;
    }

    private async Task<(List<Complaint>, ILookup<Guid, ComplaintAlternative>, ILookup<Guid, ComplaintDisagreement>)> ReadAsync(SubjectRecords subject,
        CancellationToken ct)
    {
        var caseIds = subject.CaseIds;
        var complaints = await db.Set<Complaint>().AsNoTracking().Where(c => caseIds.Contains(c.CaseId)).OrderBy(c => c.StartedAt).ToListAsync(ct);
        var alternatives = (await db.Set<ComplaintAlternative>().AsNoTracking().Where(a => caseIds.Contains(a.CaseId)).OrderBy(a => a.ProposedAt)
            .ToListAsync(ct)).ToLookup(a => a.ComplaintId);
        var disagreements = (await db.Set<ComplaintDisagreement>().AsNoTracking().Where(d => caseIds.Contains(d.CaseId)).OrderBy(d => d.RecordedAt)
            .ToListAsync(ct)).ToLookup(d => d.ComplaintId);
        return (complaints, alternatives, disagreements);
    }
}
