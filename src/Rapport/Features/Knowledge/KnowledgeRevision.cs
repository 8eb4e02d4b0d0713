using Rapport.Infrastructure.Data;

namespace Rapport.Features.Knowledge;

/// <summary>
/// One change to an article, kept for good: who made it, when, why, which fields changed, and the article as it was
/// after the change. Revisions are only ever added.
/// </summary>
public sealed class KnowledgeRevision
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ArticleId { get; private init; }
    public int Number { get; private init; }
    public DateTime At { get; private init; }
    public Guid ById { get; private init; }
    public string ByName { get; private init; } = "";
    [FreeText] public string Reason { get; private init; } = "";
    /// <summary>The changed fields, comma-separated ("created" and "archived" for those events).</summary>
    public string Changes { get; private init; } = "";
    [FreeText] public string Title { get; private init; } = "";
    [FreeText] public string Answer { get; private init; } = "";
    [FreeText] public string Body { get; private init; } = "";
    [FreeText] public string? Includes { get; private init; }
    [FreeText] public string? Limits { get; private init; }
    [FreeText] public string? Alternatives { get; private init; }
    [FreeText] public string? EstimatedTimes { get; private init; }
    public KnowledgeAudience Audience { get; private init; }
    public Guid OwnerId { get; private init; }
    public DateTime ReviewBy { get; private init; }
    public bool Archived { get; private init; }

    internal static KnowledgeRevision Of(KnowledgeArticle a, Guid byId, string byName, string reason, IReadOnlyList<string> changes, DateTime now) => new()
    {
        ArticleId = a.Id,
        Number = a.Revision,
        At = now,
        ById = byId,
        ByName = byName,
        Reason = reason,
        Changes = string.Join(',', changes),
        Title = a.Title,
        Answer = a.Answer,
        Body = a.Body,
        Includes = a.Includes,
        Limits = a.Limits,
        Alternatives = a.Alternatives,
        EstimatedTimes = a.EstimatedTimes,
        Audience = a.Audience,
        OwnerId = a.OwnerId,
        ReviewBy = a.ReviewBy,
        Archived = a.ArchivedAt is not null,
    };
}

/// <summary>How an article came to be linked to a case.</summary>
public enum KnowledgeLinkKind { Linked, Inserted }

/// <summary>An article that helped with a case: linked by hand, or when its answer was inserted into a reply on the case's conversation.</summary>
public sealed class KnowledgeCaseLink : Rapport.Features.Audit.IAudited
{
    public Guid ArticleId { get; init; }
    public Guid CaseId { get; init; }
    public KnowledgeLinkKind Kind { get; init; }
    public DateTime LinkedAt { get; init; }
    public Guid LinkedById { get; init; }
    public string LinkedByName { get; init; } = "";

    public string AuditSubjectType => "case";
    public Guid AuditSubjectId => CaseId;
    public string AuditEntityName => "knowledgeLink";
}
