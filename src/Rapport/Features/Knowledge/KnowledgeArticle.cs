using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Knowledge;

/// <summary>Who may read an article: staff only, or also customers (its answer may be sent to them).</summary>
public enum KnowledgeAudience { Internal, Customer }

/// <summary>What an article says: the parts an editor writes, checked and trimmed the same way on create and on edit.</summary>
public sealed record KnowledgeContent(string Title, string Answer, string Body, string? Includes, string? Limits, string? Alternatives,
    string? EstimatedTimes, KnowledgeAudience Audience)
{
    public const int TitleMaxLength = 200;
    public const int AnswerMaxLength = 4000;
    public const int BodyMaxLength = 50_000;
    public const int FieldMaxLength = 4000;

    public static KnowledgeContent Checked(string? title, string? answer, string? body, string? includes, string? limits, string? alternatives,
        string? estimatedTimes, KnowledgeAudience? audience) => new(
        Required(title, "title", TitleMaxLength, "Give the article a title."),
        Required(answer, "answer", AnswerMaxLength, "Give the answer an agent inserts into a reply."),
        Optional(body, "body", BodyMaxLength) ?? "",
        Optional(includes, "includes", FieldMaxLength),
        Optional(limits, "limits", FieldMaxLength),
        Optional(alternatives, "alternatives", FieldMaxLength),
        Optional(estimatedTimes, "estimatedTimes", FieldMaxLength),
        audience ?? throw new InvalidInputException("audience", "Say who the article is for: internal or customer."));

    private static string Required(string? text, string field, int max, string message) =>
        Optional(text, field, max) is { Length: > 0 } value ? value : throw new InvalidInputException(field, message);

    private static string? Optional(string? text, string field, int max)
    {
        var value = text?.Trim();
        if (value is { Length: > 0 } && value.Length > max)
        {
            throw new InvalidInputException(field, $"{field} is at most {max} characters.");
        }

        return string.IsNullOrEmpty(value) ? null : value;
    }
}

/// <summary>
/// An article about a product or service (C17): the answer an agent inserts into a reply, the body in Markdown, what it
/// includes, its limits, the alternatives to offer when it cannot meet a need and estimated times; an owner who keeps it
/// true and a date by which they review it. Every change makes a <see cref="KnowledgeRevision"/> with who, when and why.
/// </summary>
public sealed class KnowledgeArticle
{
    public const int ReasonMaxLength = 1000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    [FreeText] public string Title { get; private set; } = "";
    [FreeText] public string Answer { get; private set; } = "";
    [FreeText] public string Body { get; private set; } = "";
    [FreeText] public string? Includes { get; private set; }
    [FreeText] public string? Limits { get; private set; }
    [FreeText] public string? Alternatives { get; private set; }
    [FreeText] public string? EstimatedTimes { get; private set; }
    public KnowledgeAudience Audience { get; private set; }
    public Guid OwnerId { get; private set; }
    /// <summary>The day the owner reviews it by (midnight UTC); from the day after, it is overdue.</summary>
    public DateTime ReviewBy { get; private set; }
    public DateTime? ArchivedAt { get; private set; }
    /// <summary>The number of the latest revision (1 for a new article).</summary>
    public int Revision { get; private set; }
    public DateTime CreatedAt { get; private init; }
    public DateTime UpdatedAt { get; private set; }
    /// <summary>How many times its answer was inserted into a reply.</summary>
    public int InsertCount { get; private set; }
    public Guid Version { get; private set; } = Guid.NewGuid();

    public KnowledgeContent Content => new(Title, Answer, Body, Includes, Limits, Alternatives, EstimatedTimes, Audience);

    /// <summary>Whether the review date has passed on <paramref name="now"/>'s day.</summary>
    public bool ReviewOverdue(DateTime now) => IsOverdue(ReviewBy, now);

    public static bool IsOverdue(DateTime reviewBy, DateTime now) => reviewBy < now.Date;

    public static (KnowledgeArticle Article, KnowledgeRevision Revision) Create(KnowledgeContent content, Guid ownerId, DateOnly reviewBy,
        Guid byId, string byName, string? reason, DateTime now)
    {
        var article = new KnowledgeArticle { CreatedAt = now };
        article.Apply(content, ownerId, ReviewDate(reviewBy, now));
        article.Revision = 1;
        article.UpdatedAt = now;
        var why = Reason(reason, required: false) ?? "Created";
        return (article, KnowledgeRevision.Of(article, byId, byName, why, ["created"], now));
    }

    /// <summary>
    /// Applies an edit. A reason is required; an edit that changes nothing makes no revision (null). An archived article
    /// is not edited.
    /// </summary>
    public KnowledgeRevision? Update(KnowledgeContent content, Guid ownerId, DateOnly reviewBy, Guid byId, string byName, string? reason, DateTime now)
    {
        var why = Reason(reason, required: true)!;
        if (ArchivedAt is not null)
        {
            throw new InvalidInputException("id", "This article is archived; archived articles are not edited.");
        }

        var review = DateTime.SpecifyKind(reviewBy.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);
        var changes = Changes(content, ownerId, review);
        if (changes.Count == 0)
        {
            return null;
        }

        if (changes.Contains("reviewBy"))
        {
            ReviewDate(reviewBy, now);
        }

        Apply(content, ownerId, review);
        return Revised(byId, byName, why, changes, now);
    }

    public KnowledgeRevision Archive(Guid byId, string byName, string? reason, DateTime now)
    {
        var why = Reason(reason, required: true)!;
        if (ArchivedAt is not null)
        {
            throw new InvalidInputException("id", "This article is already archived.");
        }

        ArchivedAt = now;
        return Revised(byId, byName, why, ["archived"], now);
    }

    private KnowledgeRevision Revised(Guid byId, string byName, string why, IReadOnlyList<string> changes, DateTime now)
    {
        Revision++;
        UpdatedAt = now;
        Version = Guid.NewGuid();
        return KnowledgeRevision.Of(this, byId, byName, why, changes, now);
    }

    private void Apply(KnowledgeContent c, Guid ownerId, DateTime reviewBy)
    {
        (Title, Answer, Body, Includes, Limits, Alternatives, EstimatedTimes, Audience) =
            (c.Title, c.Answer, c.Body, c.Includes, c.Limits, c.Alternatives, c.EstimatedTimes, c.Audience);
        OwnerId = ownerId;
        ReviewBy = reviewBy;
    }

    /// <summary>The names (as the API spells them) of what an edit would change.</summary>
    private List<string> Changes(KnowledgeContent c, Guid ownerId, DateTime reviewBy)
    {
        var changes = new List<string>();
        void Check(string name, object? before, object? after)
        {
            if (!Equals(before, after))
            {
                changes.Add(name);
            }
        }

        Check("title", Title, c.Title);
        Check("answer", Answer, c.Answer);
        Check("body", Body, c.Body);
        Check("includes", Includes, c.Includes);
        Check("limits", Limits, c.Limits);
        Check("alternatives", Alternatives, c.Alternatives);
        Check("estimatedTimes", EstimatedTimes, c.EstimatedTimes);
        Check("audience", Audience, c.Audience);
        Check("ownerId", OwnerId, ownerId);
        Check("reviewBy", ReviewBy, reviewBy);
        return changes;
    }

    /// <summary>A review date is set for today or later: a date already past would make the article overdue at once.</summary>
    private static DateTime ReviewDate(DateOnly reviewBy, DateTime now) =>
        reviewBy.ToDateTime(TimeOnly.MinValue) < now.Date
            ? throw new InvalidInputException("reviewBy", "Set a review date of today or later.")
            : DateTime.SpecifyKind(reviewBy.ToDateTime(TimeOnly.MinValue), DateTimeKind.Utc);

    private static string? Reason(string? reason, bool required)
    {
        var why = reason?.Trim();
        if (string.IsNullOrEmpty(why))
        {
            return required ? throw new InvalidInputException("reason", "Say why you change this article; the reason is kept in its history.") : null;
        }

        return why.Length > ReasonMaxLength ? throw new InvalidInputException("reason", $"A reason is at most {ReasonMaxLength} characters.") : why;
    }
}
