using System.ComponentModel.DataAnnotations;

namespace Rapport.Features.Knowledge;

/// <summary>
/// A new article: title, the answer an agent inserts into a reply, a Markdown body, what it includes, its limits, the
/// alternatives to offer and estimated times; internal or customer-facing; its owner (default: you) and review date.
/// </summary>
public sealed record CreateArticleRequest(
    [property: StringLength(KnowledgeContent.TitleMaxLength)] string? Title = null,
    [property: StringLength(KnowledgeContent.AnswerMaxLength)] string? Answer = null,
    [property: StringLength(KnowledgeContent.BodyMaxLength)] string? Body = null,
    [property: StringLength(KnowledgeContent.FieldMaxLength)] string? Includes = null,
    [property: StringLength(KnowledgeContent.FieldMaxLength)] string? Limits = null,
    [property: StringLength(KnowledgeContent.FieldMaxLength)] string? Alternatives = null,
    [property: StringLength(KnowledgeContent.FieldMaxLength)] string? EstimatedTimes = null,
    KnowledgeAudience? Audience = null,
    Guid? OwnerId = null,
    DateOnly? ReviewBy = null);

/// <summary>The article as it should be after the edit (every field), and why you change it (required, kept in its history).</summary>
public sealed record UpdateArticleRequest(
    [property: StringLength(KnowledgeContent.TitleMaxLength)] string? Title = null,
    [property: StringLength(KnowledgeContent.AnswerMaxLength)] string? Answer = null,
    [property: StringLength(KnowledgeContent.BodyMaxLength)] string? Body = null,
    [property: StringLength(KnowledgeContent.FieldMaxLength)] string? Includes = null,
    [property: StringLength(KnowledgeContent.FieldMaxLength)] string? Limits = null,
    [property: StringLength(KnowledgeContent.FieldMaxLength)] string? Alternatives = null,
    [property: StringLength(KnowledgeContent.FieldMaxLength)] string? EstimatedTimes = null,
    KnowledgeAudience? Audience = null,
    Guid? OwnerId = null,
    DateOnly? ReviewBy = null,
    [property: StringLength(KnowledgeArticle.ReasonMaxLength)] string? Reason = null);

/// <summary>Why the article is archived (required).</summary>
public sealed record ArchiveArticleRequest([property: StringLength(KnowledgeArticle.ReasonMaxLength)] string? Reason = null);

/// <summary>The case the article helped with.</summary>
public sealed record LinkArticleRequest(Guid? CaseId = null);

/// <summary>The conversation whose reply the answer goes into (optional); its case, if any, is linked to the article.</summary>
public sealed record InsertArticleRequest(Guid? ConversationId = null);

/// <summary>
/// An article as agents read it: the answer, the Markdown body and the same rendered as safe HTML, the structured fields,
/// the owner and review date (reviewOverdue once the date has passed), and how often it was used.
/// </summary>
public sealed record ArticleDto(
    Guid Id, string Title, string Answer, string Body, string BodyHtml, string? Includes, string? Limits, string? Alternatives,
    string? EstimatedTimes, KnowledgeAudience Audience, Guid OwnerId, string OwnerName, DateOnly ReviewBy, bool ReviewOverdue,
    bool Archived, int Revision, DateTime CreatedAt, DateTime UpdatedAt, ArticleUse Use);

/// <summary>How often an article helped: its answer inserted into replies, and the cases it is linked to.</summary>
public sealed record ArticleUse(int Inserts, int LinkedCases);

/// <summary>A search hit or list row: the answer to insert, a snippet with the matched words marked, and the review flag.</summary>
public sealed record ArticleHit(
    Guid Id, string Title, string Answer, string Snippet, KnowledgeAudience Audience, string OwnerName, DateOnly ReviewBy, bool ReviewOverdue,
    bool Archived, ArticleUse Use);

/// <summary>One revision: who changed what, when and why, and the article as it was after it.</summary>
public sealed record RevisionDto(
    int Number, DateTime At, Guid ById, string ByName, string Reason, IReadOnlyList<string> Changes, string Title, string Answer, string Body,
    string? Includes, string? Limits, string? Alternatives, string? EstimatedTimes, KnowledgeAudience Audience, Guid OwnerId, DateOnly ReviewBy,
    bool Archived);

/// <summary>An article whose review date has passed, for its owner.</summary>
public sealed record OverdueReviewDto(Guid Id, string Title, Guid OwnerId, string OwnerName, DateOnly ReviewBy, int DaysOverdue);

/// <summary>An article linked to a case: how (linked by hand or inserted into a reply), by whom and when.</summary>
public sealed record CaseArticleDto(Guid ArticleId, string Title, KnowledgeAudience Audience, bool ReviewOverdue, KnowledgeLinkKind Kind,
    DateTime LinkedAt, string LinkedByName);

/// <summary>The answer to put into the reply, and whether the article is past its review (check it before sending).</summary>
public sealed record InsertedAnswerDto(Guid ArticleId, string Text, bool ReviewOverdue, DateOnly ReviewBy, Guid? LinkedCaseId);

/// <summary>Someone who may own an article.</summary>
public sealed record ArticleOwner(Guid Id, string Name);
