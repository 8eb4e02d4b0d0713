namespace Rapport.Features.Knowledge.Pages;

/// <summary>The editor's form: an article being written or changed, and the reason for the change.</summary>
public sealed class KnowledgeDraft
{
    public string? Title { get; set; }
    public string? Answer { get; set; }
    public string? Body { get; set; }
    public string? Includes { get; set; }
    public string? Limits { get; set; }
    public string? Alternatives { get; set; }
    public string? EstimatedTimes { get; set; }
    public KnowledgeAudience Audience { get; set; } = KnowledgeAudience.Customer;
    public Guid? OwnerId { get; set; }
    public DateTime? ReviewBy { get; set; }
    public string? Reason { get; set; }

    public static KnowledgeDraft From(ArticleDto a) => new()
    {
        Title = a.Title,
        Answer = a.Answer,
        Body = a.Body,
        Includes = a.Includes,
        Limits = a.Limits,
        Alternatives = a.Alternatives,
        EstimatedTimes = a.EstimatedTimes,
        Audience = a.Audience,
        OwnerId = a.OwnerId,
        ReviewBy = a.ReviewBy.ToDateTime(TimeOnly.MinValue),
    };

    private DateOnly? Review => ReviewBy is { } d ? DateOnly.FromDateTime(d) : null;

    public CreateArticleRequest ToCreate() => new(Title, Answer, Body, Includes, Limits, Alternatives, EstimatedTimes, Audience, OwnerId, Review);

    public UpdateArticleRequest ToUpdate() => new(Title, Answer, Body, Includes, Limits, Alternatives, EstimatedTimes, Audience, OwnerId, Review, Reason);
}
