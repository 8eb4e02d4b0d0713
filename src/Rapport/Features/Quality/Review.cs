using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Quality;

public enum Rating { Met, Partly, NotMet, NotApplicable }

/// <summary>How the interaction came to be reviewed: chosen by the supervisor, drawn by the weekly sample, or scored in a calibration session.</summary>
public enum ReviewOrigin { Chosen, Sampled, Calibration }

/// <summary>
/// A supervisor's scoring of one interaction (a conversation, optionally its case) against a scorecard (C26). Submitted
/// whole; the agent reads it, comments and acknowledges it (audited). Reviews scored in a calibration session belong to
/// the session, not to the agent's record.
/// </summary>
public sealed class Review : IAudited
{
    public const int TextMaxLength = 4000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ScorecardId { get; init; }
    public Guid ConversationId { get; init; }
    public Guid? CaseId { get; init; }
    public Guid AgentId { get; init; }
    public Guid ReviewerId { get; init; }
    public string ReviewerName { get; init; } = "";
    public ReviewOrigin Origin { get; init; }
    /// <summary>For a sampled review, the Monday (UTC) of the week the sample was drawn for.</summary>
    public DateTime? SampledWeek { get; init; }
    public Guid? CalibrationId { get; init; }
    public DateTime SubmittedAt { get; init; }
    /// <summary>The weighted score, 0–100; null when every item was n/a.</summary>
    public double? Score { get; private set; }
    [FreeText]
    public string? Summary { get; init; }
    public DateTime? AcknowledgedAt { get; private set; }
    public List<ReviewScore> Scores { get; private set; } = [];

    public string AuditSubjectType => "review";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "review";

    public static Review Submit(Scorecard card, ReviewSubject subject, Guid reviewerId, string reviewerName, ReviewOrigin origin, DateTime? sampledWeek,
        Guid? calibrationId, IReadOnlyList<ItemScoreRequest>? scores, string? summary, DateTime now)
    {
        var review = new Review
        {
            ScorecardId = card.Id,
            ConversationId = subject.ConversationId,
            CaseId = subject.CaseId,
            AgentId = subject.AgentId,
            ReviewerId = reviewerId,
            ReviewerName = reviewerName,
            Origin = origin,
            SampledWeek = sampledWeek,
            CalibrationId = calibrationId,
            SubmittedAt = now,
            Summary = Text(summary, "summary"),
        };
        review.Scores = ScoresFor(review.Id, card, subject.IsComplaint, scores ?? []);
        review.Score = WeightedScore(review.Scores);
        return review;
    }

    /// <summary>Met counts 1, partly ½, not met 0, each times its weight; n/a items are left out of both sides.</summary>
    public static double? WeightedScore(IEnumerable<ReviewScore> scores)
    {
        var counted = scores.Where(s => s.Rating != Rating.NotApplicable).ToList();
        var weights = counted.Sum(s => s.Weight);
        if (weights == 0)
        {
            return null;
        }

        var earned = counted.Sum(s => s.Weight * (s.Rating switch { Rating.Met => 1.0, Rating.Partly => 0.5, _ => 0.0 }));
        return Math.Round(100.0 * earned / weights, 1);
    }

    public void Acknowledge(Guid byId, DateTime now)
    {
        if (byId != AgentId)
        {
            throw new InvalidInputException("id", "Only the agent who was reviewed acknowledges a review.");
        }

        AcknowledgedAt ??= now;
    }

    private static List<ReviewScore> ScoresFor(Guid reviewId, Scorecard card, bool isComplaint, IReadOnlyList<ItemScoreRequest> given)
    {
        var byKey = new Dictionary<string, ItemScoreRequest>(StringComparer.OrdinalIgnoreCase);
        foreach (var (s, i) in given.Select((s, i) => (s, i)))
        {
            if (s.Key is null || card.Items.All(x => !string.Equals(x.Key, s.Key, StringComparison.OrdinalIgnoreCase)))
            {
                throw new InvalidInputException($"scores[{i}].key", $"The scorecard has no item '{s.Key}'.");
            }

            if (!byKey.TryAdd(s.Key, s))
            {
                throw new InvalidInputException($"scores[{i}].key", $"'{s.Key}' is scored twice.");
            }
        }

        var result = new List<ReviewScore>();
        foreach (var item in card.Items.OrderBy(x => x.Position))
        {
            var rating = byKey.TryGetValue(item.Key, out var s) ? s.Rating
                : item.ComplaintsOnly && !isComplaint ? Rating.NotApplicable
                : throw new InvalidInputException("scores", $"Score every item of the scorecard: '{item.Key}' is missing.");
            if (item.ComplaintsOnly && !isComplaint)
            {
                rating = Rating.NotApplicable; // LAST applies to complaints only
            }

            result.Add(new ReviewScore
            {
                ReviewId = reviewId,
                Key = item.Key,
                Label = item.Label,
                Weight = item.Weight,
                Position = item.Position,
                Rating = rating ?? throw new InvalidInputException("scores", $"Rate '{item.Key}': met, partly, notMet or notApplicable."),
                Comment = byKey.TryGetValue(item.Key, out var c) ? Text(c.Comment, "scores.comment") : null,
            });
        }

        return result;
    }

    internal static string? Text(string? text, string field)
    {
        var t = text?.Trim();
        return string.IsNullOrEmpty(t) ? null
            : t.Length <= TextMaxLength ? t
            : throw new InvalidInputException(field, $"{field} is at most {TextMaxLength} characters.");
    }
}

/// <summary>Who and what a review is about, checked before scoring.</summary>
public sealed record ReviewSubject(Guid ConversationId, Guid? CaseId, Guid AgentId, bool IsComplaint);

/// <summary>One item's rating in a review, with the item's wording and weight as they were when it was scored.</summary>
public sealed class ReviewScore
{
    public Guid ReviewId { get; init; }
    public string Key { get; init; } = "";
    public string Label { get; init; } = "";
    public int Weight { get; init; }
    public int Position { get; init; }
    public Rating Rating { get; init; }
    [FreeText]
    public string? Comment { get; init; }
}

/// <summary>A comment on a review, by the agent or a supervisor.</summary>
public sealed class ReviewComment : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ReviewId { get; init; }
    public Guid AuthorId { get; init; }
    public string AuthorName { get; init; } = "";
    [FreeText]
    public string Text { get; init; } = "";
    public DateTime At { get; init; }

    public string AuditSubjectType => "review";
    public Guid AuditSubjectId => ReviewId;
    public string AuditEntityName => "review-comment";
}

/// <summary>
/// Several reviewers score the same interaction independently (C26). A reviewer sees the others' scores only once they
/// have submitted their own; the session then shows the spread on each item and overall.
/// </summary>
public sealed class CalibrationSession : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ScorecardId { get; init; }
    public Guid ConversationId { get; init; }
    public Guid? CaseId { get; init; }
    public Guid AgentId { get; init; }
    [FreeText]
    public string? Purpose { get; init; }
    public Guid CreatedById { get; init; }
    public DateTime CreatedAt { get; init; }

    public string AuditSubjectType => "calibration";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "calibration";
}
