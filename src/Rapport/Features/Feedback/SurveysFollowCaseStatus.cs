using Rapport.Features.Cases;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>
/// A case that is resolved calls for a survey: one is recorded as due with the case, in the same unit of work, and
/// <see cref="SurveyDispatch"/> decides and sends it after the save (so a refused move leaves no survey behind).
/// Reopening and resolving again calls for another, which the quiet period usually holds back.
/// </summary>
internal sealed class SurveysFollowCaseStatus(RapportDbContext db, SurveyDispatch dispatch) : ICaseStatusParticipant
{
    public Task OnStatusChangingAsync(Case moved, CaseStatus from, CancellationToken ct)
    {
        if (moved.Status == CaseStatus.Resolved && CaseTransitions.IsActive(from))
        {
            db.Set<SurveyInvitation>().Add(SurveyInvitation.For(moved.Id, moved.CustomerId, moved.OwnerId, moved.UpdatedAt));
            dispatch.Nudge();
        }

        return Task.CompletedTask;
    }
}
