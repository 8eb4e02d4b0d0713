using Microsoft.EntityFrameworkCore;
using Rapport.Features.Cases;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Complaints;

/// <summary>
/// A complaint case is not resolved or closed before its follow-up was kept or waived with a reason (the customer is
/// asked whether they are satisfied first); reopening a resolved or closed complaint is counted.
/// </summary>
internal sealed class ComplaintsFollowCaseStatus(RapportDbContext db, Promises.PromiseQueries promises) : ICaseStatusParticipant
{
    public async Task OnStatusChangingAsync(Case moved, CaseStatus from, CancellationToken ct)
    {
        if (moved.Kind != CaseKinds.Complaint)
        {
            return;
        }

        var complaint = await db.Set<Complaint>().FirstOrDefaultAsync(x => x.CaseId == moved.Id, ct);
        if (!CaseTransitions.IsActive(moved.Status))
        {
            if (CaseTransitions.IsActive(from) && (complaint is null || !ComplaintFlow.FollowUpDone(complaint, await FollowUpAsync(complaint, ct))))
            {
                throw new InvalidInputException("status",
                    $"{moved.Reference} is a complaint: it is {(moved.Status == CaseStatus.Closed ? "closed" : "resolved")} once its follow-up is done "
                    + "(the follow-up promise kept) or waived with a reason.");
            }

            return;
        }

        if (!CaseTransitions.IsActive(from) && complaint is not null)
        {
            complaint.Reopen(moved.UpdatedAt);
        }
    }

    private async Task<Promises.PromiseStatus?> FollowUpAsync(Complaint c, CancellationToken ct) =>
        c.FollowUpPromiseId is { } id ? (await promises.OutcomesAsync([id], ct)).GetValueOrDefault(id)?.Status : null;
}
