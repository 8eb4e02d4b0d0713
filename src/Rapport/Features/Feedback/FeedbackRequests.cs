using System.ComponentModel.DataAnnotations;
using Rapport.Features.Customers;

namespace Rapport.Features.Feedback;

/// <summary>
/// Feedback staff log from a source other than a survey: something said on the phone or face to face (verbal), a
/// letter, a review, a service audit, or other. A score is optional and read on <c>scale</c> (csat 1–5 when absent).
/// Tie it to a customer, case or conversation when it is about one; <c>givenAt</c> defaults to now.
/// </summary>
public sealed record LogFeedbackRequest(
    [property: Required] FeedbackSource Source,
    [property: StringLength(FeedbackEntry.TextMaxLength)] string? Text = null,
    int? Score = null,
    SurveyKind? Scale = null,
    Guid? CustomerId = null,
    Guid? CaseId = null,
    Guid? ConversationId = null,
    DateTimeOffset? GivenAt = null,
    string[]? Themes = null);

/// <summary>The themes of a piece of feedback (replacing those it had).</summary>
public sealed record SetThemesRequest([property: Required] string[] Themes);

/// <summary>One piece of feedback as the feed shows it.</summary>
public sealed record FeedbackDto(Guid Id, FeedbackSource Source, SurveyKind? Scale, int? Score, FeedbackRating? Rating, string Text,
    Guid? CustomerId, string? CustomerName, Guid? CaseId, string? CaseReference, Guid? ConversationId, Guid? AgentId, Guid? SurveyId,
    DateTime GivenAt, DateTime RecordedAt, string? RecordedByName, IReadOnlyList<string> Themes);


/// <summary>A theme's count in the period asked for and in the period of the same length before it.</summary>
public sealed record ThemeCountDto(string Theme, int Count, int PreviousCount, int Change);

/// <summary>Themes with counts and trend for [from, to), compared with the same length of time just before.</summary>
public sealed record ThemesDto(DateTime From, DateTime To, DateTime PreviousFrom, IReadOnlyList<ThemeCountDto> Themes);

/// <summary>A survey a resolved case called for: sent (and perhaps answered), or not sent with the reason.</summary>
public sealed record CaseSurveyDto(Guid Id, SurveyStatus Status, string? Reason, SurveyKind? Kind, Channel? Channel, DateTime CreatedAt,
    DateTime? SentAt, DateTime? ExpiresAt, DateTime? AnsweredAt, Guid? FeedbackId, int? Score, string? Comment);

/// <summary>The surveys of a case, newest first.</summary>
public sealed record CaseSurveysDto(Guid CaseId, IReadOnlyList<CaseSurveyDto> Surveys);

/// <summary>
/// Which survey follows a resolved case (csat, nps or effort), whether it asks for a comment, the quiet period in
/// days (no customer gets two surveys within it) and how many days a link stays valid.
/// </summary>
public sealed record SurveySettingsDto(
    bool Enabled,
    [property: Required] SurveyKind Kind,
    bool AskComment,
    [property: Range(0, 3650)] int QuietDays = SurveySettings.DefaultQuietDays,
    [property: Range(1, 365)] int LinkDays = SurveySettings.DefaultLinkDays);

/// <summary>An idea to improve the service, with the feedback that prompted it.</summary>
public sealed record ProposeIdeaRequest(
    [property: Required, StringLength(ImprovementIdea.TitleMaxLength, MinimumLength = 1)] string Title,
    [property: StringLength(ImprovementIdea.DetailMaxLength)] string? Detail = null,
    Guid[]? FeedbackIds = null);

/// <summary>What was done to carry out the idea (optional).</summary>
public sealed record CompleteIdeaRequest([property: StringLength(ImprovementIdea.DetailMaxLength)] string? Outcome = null);

/// <summary>An improvement idea: where it stands, and who proposed, agreed and did it, when.</summary>
public sealed record ImprovementIdeaDto(Guid Id, string Title, string Detail, IdeaStatus Status, DateTime ProposedAt, string ProposedByName,
    DateTime? AgreedAt, string? AgreedByName, DateTime? DoneAt, string? DoneByName, string? Outcome, IReadOnlyList<Guid> FeedbackIds);

public static class FeedbackMapping
{
    public static SurveySettingsDto ToDto(this SurveySettings s) => new(s.Enabled, s.Kind, s.AskComment, s.QuietDays, s.LinkDays);

    /// <summary><paramref name="visibleFeedback"/>: the linked feedback the caller may see (others are left out).</summary>
    public static ImprovementIdeaDto ToDto(this ImprovementIdea i, IReadOnlySet<Guid> visibleFeedback) => new(i.Id, i.Title, i.Detail, i.Status,
        i.ProposedAt, i.ProposedByName, i.AgreedAt, i.AgreedByName, i.DoneAt, i.DoneByName, i.Outcome,
        i.Feedback.Select(f => f.FeedbackId).Where(visibleFeedback.Contains).ToList());
}
