using Microsoft.EntityFrameworkCore;
using Rapport.Features.Authority;
using Rapport.Features.Cases;
using Rapport.Features.Promises;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Complaints;

/// <summary>A complaint case's LAST record as the API and the case page show it.</summary>
public sealed class ComplaintQueries(RapportDbContext db, ComplaintCatalogue catalogue, CaseActionService actions, PromiseQueries promises)
{
    /// <summary>The complaint of a complaint case (not started yet: at Listen, nothing recorded); null when there is no such case.</summary>
    public async Task<ComplaintDto?> GetAsync(Guid caseId, CancellationToken ct)
    {
        var theCase = await db.Cases.AsNoTracking().Where(x => x.Id == caseId && x.Kind == CaseKinds.Complaint)
            .Select(x => new { x.Id, x.CreatedAt }).FirstOrDefaultAsync(ct);
        if (theCase is null)
        {
            return null;
        }

        var stored = await db.Set<Complaint>().AsNoTracking().FirstOrDefaultAsync(x => x.CaseId == caseId, ct);
        var c = stored ?? Complaint.For(caseId, theCase.CreatedAt);
        var alternatives = await db.Set<ComplaintAlternative>().AsNoTracking().Where(a => a.ComplaintId == c.Id).OrderBy(a => a.ProposedAt).ThenBy(a => a.Id).ToListAsync(ct);
        var disagreements = await db.Set<ComplaintDisagreement>().AsNoTracking().Where(d => d.ComplaintId == c.Id).OrderBy(d => d.RecordedAt).ThenBy(d => d.Id).ToListAsync(ct);
        var approvals = alternatives.Any(a => a.CaseActionId is not null)
            ? (await actions.ForCaseAsync(caseId, ct)).ToDictionary(a => a.Id, a => a.Status)
            : [];
        var causes = c.ListenedAt is null ? null : await catalogue.CurrentAsync(ct);
        var followUp = c.FollowUpPromiseId is { } pid ? (await promises.OutcomesAsync([pid], ct)).GetValueOrDefault(pid) : null;

        return new ComplaintDto(caseId, stored?.Id, ComplaintFlow.Current(c, followUp?.Status), c.StartedAt,
            c.ListenedAt is { } heard ? new ListenDto(c.CustomerWords!, c.Expectation, c.Feeling, c.Cause!, causes!.NameOf(c.Cause), heard, c.ListenedById!.Value) : null,
            c.ApologisedAt is { } sorry ? new ApologyDto(c.ApologyWording!, c.ApologyChannel!, c.ApologyGivenAt!.Value, sorry, c.ApologisedById!.Value, c.ApologisedByName!) : null,
            alternatives.Select(a => new AlternativeDto(a.Id, a.Description, a.CustomerCost, a.CustomerBenefit, a.OrganisationCost, a.OrganisationBenefit,
                a.OfferType is { } t ? new AlternativeOffer(t, a.OfferAmount, a.OfferCurrency) : null, a.CaseActionId,
                a.CaseActionId is { } act && approvals.TryGetValue(act, out var s) ? s : null, a.Status, a.ProposedById, a.ProposedAt, a.AgreedAt)).ToList(),
            c.AgreedAlternativeId, c.AgreedAtFirstContact,
            disagreements.Select(d => new DisagreementDto(d.Id, d.Needs, d.Confirmed, d.WhyNotMet, d.Escalation, d.RecordedById, d.RecordedByName, d.RecordedAt)).ToList(),
            c.ThankedAt is { } thanked ? new ThanksDto(c.ThanksWording, thanked, c.ThankedById!.Value) : null,
            new FollowUpDto(c.FollowUpPromiseId, followUp?.Status, followUp?.DueAt, c.FollowUpWaivedReason, c.FollowUpWaivedAt,
                ComplaintFlow.FollowUpDone(c, followUp?.Status)),
            c.Reopened);
    }

    /// <summary>Where the complaint's follow-up promise stands, if one was scheduled.</summary>
    public async Task<PromiseStatus?> FollowUpStatusAsync(Complaint c, CancellationToken ct) =>
        c.FollowUpPromiseId is { } id ? (await promises.OutcomesAsync([id], ct)).GetValueOrDefault(id)?.Status : null;
}
