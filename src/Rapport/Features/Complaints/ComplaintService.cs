using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Authority;
using Rapport.Features.Cases;
using Rapport.Features.Identity;
using Rapport.Features.Promises;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Complaints;

/// <summary>
/// Recording the LAST steps of a complaint case, shared by the API and the case page. Each step is refused out of
/// order (<see cref="ComplaintFlow"/>); an offer of money or an exception goes through the limits of authority
/// (<see cref="CaseActionService"/>) and the follow-up is a promise (<see cref="PromiseService"/>). Every method
/// answers null when the case does not exist.
/// </summary>
public sealed class ComplaintService(RapportDbContext db, TimeProvider time, ComplaintCatalogue catalogue, CaseActionService actions,
    PromiseService promises, ComplaintQueries queries)
{
    private DateTime Now => time.GetUtcNow().UtcDateTime;

    public async Task<ComplaintDto?> ListenAsync(Guid caseId, ListenRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        var cause = (await catalogue.CurrentAsync(ct)).Require(r.Cause, "cause");
        return await StepAsync(caseId, ComplaintStep.Listen, c => c.Listen(r.CustomerWords, r.Expectation, r.Feeling, cause, user.UserId(), Now), ct);
    }

    public Task<ComplaintDto?> ApologiseAsync(Guid caseId, ApologyRequest r, ClaimsPrincipal user, CancellationToken ct) =>
        StepAsync(caseId, ComplaintStep.Apologise, c =>
            c.Apologise(r.Wording, r.Channel, r.GivenAt?.UtcDateTime, user.UserId(), NameOf(user), Now), ct);

    public Task<ComplaintDto?> ThankAsync(Guid caseId, ThanksRequest r, ClaimsPrincipal user, CancellationToken ct) =>
        StepAsync(caseId, ComplaintStep.Thank, c => c.Thank(r.Wording, user.UserId(), Now), ct);

    public async Task<ComplaintDto?> ProposeAsync(Guid caseId, ProposeAlternativeRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await OpenAsync(caseId, ct) is not { } c)
        {
            return null;
        }

        ComplaintFlow.Require(c, ComplaintStep.Solve, null);
        db.Add(ComplaintAlternative.Propose(c, r.Description, r.CustomerCost, r.CustomerBenefit, r.OrganisationCost, r.OrganisationBenefit,
            r.Offer?.Type, r.Offer?.Amount, r.Offer?.Currency, user.UserId(), Now));
        await db.SaveChangesAsync(ct);
        return await queries.GetAsync(caseId, ct);
    }

    /// <summary>
    /// Agrees an alternative with the customer. One with an offer is requested through the limits of authority first:
    /// within the agent's limit it is agreed at once; beyond it the answer says it awaits approval (true), and agreeing it
    /// again is refused until a colleague approved it, and always once they rejected it.
    /// </summary>
    public async Task<(ComplaintDto Complaint, bool AwaitingApproval)?> AgreeAsync(Guid caseId, Guid alternativeId, bool atFirstContact,
        ClaimsPrincipal user, CancellationToken ct)
    {
        if (await OpenAsync(caseId, ct) is not { } c)
        {
            return null;
        }

        ComplaintFlow.Require(c, ComplaintStep.Solve, null);
        var alternative = await db.Set<ComplaintAlternative>().FirstOrDefaultAsync(a => a.Id == alternativeId && a.ComplaintId == c.Id, ct)
            ?? throw new InvalidInputException("alternativeId", $"This complaint has no alternative with the id '{alternativeId}'.");
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        if (alternative.HasOffer)
        {
            var (status, requestedNow) = await OfferStatusAsync(caseId, alternative, user, ct);
            if (status == CaseActionStatus.Pending && requestedNow)
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return (await queries.GetAsync(caseId, ct) ?? throw new InvalidOperationException("The complaint vanished."), true);
            }

            if (status == CaseActionStatus.Pending)
            {
                throw new InvalidInputException("alternativeId",
                    "This alternative goes beyond your limit of authority and waits for a colleague's approval; it can be agreed once they approve it.");
            }

            if (status == CaseActionStatus.Rejected)
            {
                throw new InvalidInputException("alternativeId", "The approval for this alternative was rejected; propose another alternative to the customer.");
            }
        }

        c.Agree(alternative, atFirstContact, user.UserId(), Now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (await queries.GetAsync(caseId, ct) ?? throw new InvalidOperationException("The complaint vanished."), false);
    }

    public async Task<ComplaintDto?> DisagreeAsync(Guid caseId, DisagreementRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await OpenAsync(caseId, ct) is not { } c)
        {
            return null;
        }

        if (c.ListenedAt is null)
        {
            throw new InvalidInputException("step", "Listen comes first: record the complaint in the customer's words before recording a disagreement.");
        }

        db.Add(ComplaintDisagreement.Record(c, r.Needs, r.Confirmed, r.WhyNotMet, r.Escalation, user.UserId(), NameOf(user), Now));
        await db.SaveChangesAsync(ct);
        return await queries.GetAsync(caseId, ct);
    }

    /// <summary>Schedules the follow-up as a promise on the case (reminded, kept or broken like any other); again only after a broken one.</summary>
    public async Task<ComplaintDto?> ScheduleFollowUpAsync(Guid caseId, FollowUpRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await OpenAsync(caseId, ct) is not { } c)
        {
            return null;
        }

        var followUp = await queries.FollowUpStatusAsync(c, ct);
        ComplaintFlow.Require(c, ComplaintStep.FollowUp, followUp);
        if (ComplaintFlow.FollowUpPending(c, followUp))
        {
            throw new InvalidInputException("dueAt", "A follow-up is already scheduled; mark it kept or broken, or renegotiate it with the customer.");
        }

        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        var promise = await promises.CreateAsync(new CreatePromiseRequest(
            string.IsNullOrWhiteSpace(r.What) ? "check you are satisfied with how we resolved your complaint" : r.What, r.DueAt,
            CaseId: caseId, OwnerId: r.OwnerId), user, ct);
        c.ScheduleFollowUp(promise.Id);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return await queries.GetAsync(caseId, ct);
    }

    public async Task<ComplaintDto?> WaiveFollowUpAsync(Guid caseId, WaiveFollowUpRequest r, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await OpenAsync(caseId, ct) is not { } c)
        {
            return null;
        }

        var followUp = await queries.FollowUpStatusAsync(c, ct);
        if (ComplaintFlow.FollowUpDone(c, followUp))
        {
            throw new InvalidInputException("reason", "The follow-up is already done (kept or waived).");
        }

        if (ComplaintFlow.FollowUpPending(c, followUp))
        {
            throw new InvalidInputException("reason", "A follow-up is scheduled: mark its promise kept or broken before waiving the follow-up.");
        }

        c.WaiveFollowUp(r.Reason, user.UserId(), Now);
        await db.SaveChangesAsync(ct);
        return await queries.GetAsync(caseId, ct);
    }

    private async Task<ComplaintDto?> StepAsync(Guid caseId, ComplaintStep step, Action<Complaint> record, CancellationToken ct)
    {
        if (await OpenAsync(caseId, ct) is not { } c)
        {
            return null;
        }

        ComplaintFlow.Require(c, step, step == ComplaintStep.FollowUp ? await queries.FollowUpStatusAsync(c, ct) : null);
        record(c);
        await db.SaveChangesAsync(ct);
        return await queries.GetAsync(caseId, ct);
    }

    /// <summary>The complaint of an active complaint case (started when first needed); null when the case does not exist.</summary>
    private async Task<Complaint?> OpenAsync(Guid caseId, CancellationToken ct)
    {
        var c = await db.Cases.AsNoTracking().Where(x => x.Id == caseId).Select(x => new { x.Number, x.Kind, x.Status, x.CreatedAt }).FirstOrDefaultAsync(ct);
        if (c is null)
        {
            return null;
        }

        if (c.Kind != CaseKinds.Complaint)
        {
            throw new InvalidInputException("kind", $"{CaseNumbers.Format(c.Number)} is not a complaint; make its kind complaint to follow the complaint steps.");
        }

        if (!CaseTransitions.IsActive(c.Status))
        {
            throw new InvalidInputException("status", $"{CaseNumbers.Format(c.Number)} is {c.Status.ToString().ToLowerInvariant()}; reopen it to work on the complaint.");
        }

        var complaint = await db.Set<Complaint>().FirstOrDefaultAsync(x => x.CaseId == caseId, ct);
        if (complaint is null)
        {
            complaint = Complaint.For(caseId, c.CreatedAt);
            db.Add(complaint);
        }

        return complaint;
    }

    /// <summary>The offer's approval status, and whether it was requested through the limits of authority just now (the first time it is agreed).</summary>
    private async Task<(CaseActionStatus Status, bool RequestedNow)> OfferStatusAsync(Guid caseId, ComplaintAlternative alternative, ClaimsPrincipal user,
        CancellationToken ct)
    {
        if (alternative.CaseActionId is { } existing)
        {
            return ((await actions.ForCaseAsync(caseId, ct)).First(a => a.Id == existing).Status, false);
        }

        var action = await actions.RequestAsync(caseId, new RequestCaseActionRequest(alternative.OfferType!.Value,
            $"Complaint alternative agreed with the customer: {alternative.Description}", alternative.OfferAmount, alternative.OfferCurrency,
            alternative.OfferType == AuthorityActionType.PolicyException ? alternative.Description : null), user.UserId(), ct)
            ?? throw new InvalidOperationException("The case vanished.");
        alternative.RequestedAs(action.Id);
        return (action.Status, true);
    }

    private static string NameOf(ClaimsPrincipal user) => user.FindFirstValue(RapportClaims.DisplayName) ?? "staff";
}
