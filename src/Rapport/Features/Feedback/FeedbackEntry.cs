using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>
/// One piece of customer opinion, whatever its source (C24, standard 001): a survey answer, something said on the phone,
/// a letter, a review or a service audit. Optional score on a survey scale, the words, and what it is about: customer,
/// case, conversation and the agent it concerns. Feedback about a restricted team's case or conversation is seen only by
/// those who may see that case or conversation (<see cref="FeedbackVisibility"/>). Themes are its tags.
/// </summary>
public sealed class FeedbackEntry : IAudited
{
    public const int TextMaxLength = 4000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public FeedbackSource Source { get; init; }
    /// <summary>The scale of <see cref="Score"/>; null when there is no score.</summary>
    public SurveyKind? Scale { get; init; }
    public int? Score { get; init; }
    /// <summary>How the score reads on its scale (null without a score): the one filter across scales.</summary>
    public FeedbackRating? Rating { get; init; }
    [FreeText]
    public string Text { get; init; } = "";
    public Guid? CustomerId { get; init; }
    public Guid? CaseId { get; init; }
    public Guid? ConversationId { get; init; }
    /// <summary>The member of staff the feedback is about (for a survey: who owned the case when it was resolved).</summary>
    public Guid? AgentId { get; init; }
    /// <summary>The survey this answers, when it came from one.</summary>
    public Guid? SurveyId { get; init; }
    /// <summary>When the customer gave it (a letter's date, the call); <see cref="RecordedAt"/> is when it was logged.</summary>
    public DateTime GivenAt { get; init; }
    public DateTime RecordedAt { get; init; }
    /// <summary>Who logged it; null for a customer answering a survey themselves.</summary>
    public Guid? RecordedById { get; init; }
    public string? RecordedByName { get; init; }
    public List<FeedbackTheme> Themes { get; private set; } = [];

    public string AuditSubjectType => "feedback";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "feedback";

    public static FeedbackEntry Create(FeedbackSource source, SurveyKind? scale, int? score, string? text, DateTime givenAt, DateTime now,
        Guid? customerId = null, Guid? caseId = null, Guid? conversationId = null, Guid? agentId = null, Guid? surveyId = null,
        Guid? recordedById = null, string? recordedByName = null)
    {
        var words = text?.Trim() ?? "";
        if (words.Length > TextMaxLength)
        {
            throw new InvalidInputException("text", $"Feedback text is at most {TextMaxLength} characters.");
        }

        if (score is null && words.Length == 0)
        {
            throw new InvalidInputException("text", "Feedback needs words, a score, or both.");
        }

        SurveyKind? kind = score is null ? null : scale ?? SurveyKind.Csat;
        if (score is { } s)
        {
            SurveyScales.Require(kind!.Value, s, "score");
        }

        return new FeedbackEntry
        {
            Source = source,
            Scale = kind,
            Score = score,
            Rating = score is { } r ? SurveyScales.Rate(kind!.Value, r) : null,
            Text = words,
            CustomerId = customerId,
            CaseId = caseId,
            ConversationId = conversationId,
            AgentId = agentId,
            SurveyId = surveyId,
            GivenAt = givenAt,
            RecordedAt = now,
            RecordedById = recordedById,
            RecordedByName = recordedByName,
        };
    }

    /// <summary>Replaces the themes with <paramref name="themes"/>, normalised (trimmed, lower case, 1–50 characters, at most 10).</summary>
    public void SetThemes(IEnumerable<string> themes)
    {
        var wanted = FeedbackTheme.Normalise(themes);
        Themes.RemoveAll(t => !wanted.Contains(t.Theme));
        foreach (var theme in wanted.Where(w => Themes.All(t => t.Theme != w)))
        {
            Themes.Add(new FeedbackTheme { FeedbackId = Id, Theme = theme });
        }
    }
}

/// <summary>A theme (tag) of a piece of feedback: "waiting times", "staff attitude". Counted and trended on the feed.</summary>
public sealed class FeedbackTheme : IAudited
{
    public const int MaxLength = 50;
    public const int MaxPerFeedback = 10;

    public Guid FeedbackId { get; init; }
    public required string Theme { get; init; }

    public string AuditSubjectType => "feedback";
    public Guid AuditSubjectId => FeedbackId;
    public string AuditEntityName => "feedbackTheme";

    public static HashSet<string> Normalise(IEnumerable<string> themes)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in themes)
        {
            var theme = string.Join(' ', (raw ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant();
            if (theme.Length is 0 or > MaxLength)
            {
                throw new InvalidInputException("themes", $"A theme has 1 to {MaxLength} characters.");
            }

            set.Add(theme);
        }

        return set.Count > MaxPerFeedback ? throw new InvalidInputException("themes", $"Feedback has at most {MaxPerFeedback} themes.") : set;
    }
}
