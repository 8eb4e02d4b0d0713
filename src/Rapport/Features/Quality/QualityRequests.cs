using System.ComponentModel.DataAnnotations;

namespace Rapport.Features.Quality;

/// <summary>One item of a scorecard: a key (e.g. 000-B8), what it looks for, its weight (1–10), and whether it applies to complaints only.</summary>
public sealed record ScorecardItemRequest(
    [property: Required, StringLength(ScorecardItem.KeyMaxLength, MinimumLength = 1)] string Key,
    [property: Required, StringLength(ScorecardItem.LabelMaxLength, MinimumLength = 1)] string Label,
    int Weight = 1,
    bool ComplaintsOnly = false);

/// <summary>A scorecard: its name, whether reviews use it when they name none, and its items in order.</summary>
public sealed record ScorecardRequest(
    [property: Required, StringLength(Scorecard.NameMaxLength, MinimumLength = 1)] string Name,
    [property: Required] IReadOnlyList<ScorecardItemRequest> Items,
    bool IsDefault = false);

/// <summary>An item's rating (met, partly, notMet or notApplicable) with an optional comment.</summary>
public sealed record ItemScoreRequest(
    [property: Required] string Key,
    [property: Required] Rating? Rating,
    [property: StringLength(Review.TextMaxLength)] string? Comment = null);

/// <summary>
/// A review of the agent's work on a conversation (optionally its case): every item scored (complaint-only items may be
/// left out of a non-complaint interaction), an optional summary. sampledWeek (a Monday) marks a review drawn by the sample.
/// </summary>
public sealed record ReviewRequest(
    Guid? ConversationId,
    Guid? AgentId,
    [property: Required] IReadOnlyList<ItemScoreRequest> Scores,
    Guid? CaseId = null,
    Guid? ScorecardId = null,
    DateOnly? SampledWeek = null,
    [property: StringLength(Review.TextMaxLength)] string? Summary = null);

/// <summary>A calibration session's scores by one reviewer.</summary>
public sealed record CalibrationScoresRequest(
    [property: Required] IReadOnlyList<ItemScoreRequest> Scores,
    [property: StringLength(Review.TextMaxLength)] string? Summary = null);

/// <summary>A calibration session: the interaction every reviewer scores, and why.</summary>
public sealed record CalibrationRequest(
    Guid? ConversationId,
    Guid? AgentId,
    Guid? CaseId = null,
    Guid? ScorecardId = null,
    [property: StringLength(Review.TextMaxLength)] string? Purpose = null);

public sealed record CommentRequest([property: Required, StringLength(Review.TextMaxLength, MinimumLength = 1)] string Text);

public sealed record ScorecardItemDto(string Key, string Label, int Weight, bool ComplaintsOnly);

public sealed record ScorecardDto(Guid Id, string Name, bool IsDefault, DateTime UpdatedAt, IReadOnlyList<ScorecardItemDto> Items);

public sealed record ReviewItemDto(string Key, string Label, int Weight, Rating Rating, string? Comment);

public sealed record ReviewCommentDto(Guid Id, Guid AuthorId, string AuthorName, string Text, DateTime At);

public sealed record ReviewDto(
    Guid Id, Guid ScorecardId, Guid ConversationId, string? ConversationSubject, Guid? CaseId, Guid AgentId, string AgentName,
    Guid ReviewerId, string ReviewerName, ReviewOrigin Origin, DateOnly? SampledWeek, Guid? CalibrationId, DateTime SubmittedAt,
    double? Score, string? Summary, DateTime? AcknowledgedAt, IReadOnlyList<ReviewItemDto> Items, IReadOnlyList<ReviewCommentDto> Comments);

public sealed record ReviewSummaryDto(
    Guid Id, Guid ConversationId, string? ConversationSubject, Guid AgentId, string AgentName, string ReviewerName, ReviewOrigin Origin,
    DateTime SubmittedAt, double? Score, DateTime? AcknowledgedAt);

public sealed record ReviewListDto(IReadOnlyList<ReviewSummaryDto> Items);

public sealed record SampledConversationDto(Guid ConversationId, string Subject, int RepliesThatWeek, Guid? ReviewId);

public sealed record AgentSampleDto(Guid AgentId, string AgentName, int Candidates, IReadOnlyList<SampledConversationDto> Conversations);

/// <summary>The week's sample: per agent, conversations drawn at random from those they replied to in that week, by a seed of the week and the agent.</summary>
public sealed record SampleDto(DateOnly Week, int PerAgent, IReadOnlyList<AgentSampleDto> Agents);

/// <summary>How far the reviewers' ratings of an item are apart: the lowest and highest value (met 1, partly ½, not met 0) and the ratings given.</summary>
public sealed record ItemSpreadDto(string Key, string Label, int Weight, double? Lowest, double? Highest, double? Spread, IReadOnlyList<Rating> Ratings);

public sealed record CalibrationScoreDto(Guid ReviewId, Guid ReviewerId, string ReviewerName, double? Score, IReadOnlyList<ReviewItemDto> Items);

/// <summary>
/// A calibration session. Until the caller has submitted their own scores, <c>scores</c> and <c>items</c> are empty and
/// only <c>submitted</c> (how many have) is shown; afterwards every reviewer's scores and the spread per item and overall.
/// </summary>
public sealed record CalibrationDto(
    Guid Id, Guid ScorecardId, Guid ConversationId, Guid? CaseId, Guid AgentId, string? Purpose, DateTime CreatedAt, int Submitted,
    bool YouSubmitted, IReadOnlyList<CalibrationScoreDto> Scores, IReadOnlyList<ItemSpreadDto> Items, double? OverallSpread);
