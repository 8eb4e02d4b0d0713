using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>What a survey link opens: the survey to answer, or why it cannot be answered.</summary>
public sealed record SurveyOpening(SurveyLinkState Link, SurveyInvitation? Survey, string Organisation)
{
    public bool Answerable => Link == SurveyLinkState.Valid && Survey is { Status: SurveyStatus.Sent };
    public bool AlreadyAnswered => Survey is { Status: SurveyStatus.Answered };
}

/// <summary>
/// The customer's side of a survey: opening the link and answering it once. The answer becomes feedback against the
/// customer, the case and the agent who resolved it; a second answer through the same link is refused.
/// </summary>
public sealed class SurveyAnswers(RapportDbContext db, SurveyTokens tokens, TimeProvider time)
{
    public const int CommentMaxLength = 2000;

    public async Task<SurveyOpening> OpenAsync(string? token, CancellationToken ct)
    {
        var organisation = await OrganisationName.ReadAsync(db, ct);
        var (state, id) = tokens.Read(token);
        if (state == SurveyLinkState.Invalid)
        {
            return new SurveyOpening(state, null, organisation);
        }

        var survey = await db.Set<SurveyInvitation>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
        // A link to a survey that was never sent (or no longer exists) is as good as a made-up one.
        return survey is null or { Status: SurveyStatus.Due or SurveyStatus.NotSent }
            ? new SurveyOpening(SurveyLinkState.Invalid, null, organisation)
            : new SurveyOpening(state, survey, organisation);
    }

    /// <summary>Records the answer; false when the survey was answered meanwhile (the link is used up).</summary>
    public async Task<bool> AnswerAsync(SurveyInvitation survey, string? score, string? comment, CancellationToken ct)
    {
        if (!int.TryParse(score, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            throw new InvalidInputException("score", "Choose a score.");
        }

        SurveyScales.Require(survey.Kind, value, "score");
        var words = survey.AskComment ? comment?.Trim() ?? "" : "";
        if (words.Length > CommentMaxLength)
        {
            throw new InvalidInputException("comment", $"The comment is at most {CommentMaxLength} characters.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        await using var transaction = await db.BeginWriteTransactionAsync(ct);
        // One answer per link, even when the form is sent twice at once: the first to move the survey on records it.
        if (await db.Set<SurveyInvitation>().Where(s => s.Id == survey.Id && s.Status == SurveyStatus.Sent)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.AnsweredAt, now), ct) == 0)
        {
            return false;
        }

        var tracked = await db.Set<SurveyInvitation>().FirstAsync(s => s.Id == survey.Id, ct);
        var feedback = FeedbackEntry.Create(FeedbackSource.Survey, tracked.Kind, value, words, now, now, tracked.CustomerId, tracked.CaseId,
            tracked.ConversationId, tracked.AgentId, tracked.Id);
        db.Set<FeedbackEntry>().Add(feedback);
        tracked.Answered(feedback.Id, now);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }
}
