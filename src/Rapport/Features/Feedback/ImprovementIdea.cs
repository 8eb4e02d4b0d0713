using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>
/// What the organisation will change because of feedback (standard 004 PC12–PC13): proposed, agreed, done — each step with
/// who took it and when (and, as every change, in the audit trail). Linked to the feedback that prompted it.
/// </summary>
public sealed class ImprovementIdea : IAudited
{
    public const int TitleMaxLength = 200;
    public const int DetailMaxLength = 4000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    [FreeText]
    public string Title { get; private set; } = "";
    [FreeText]
    public string Detail { get; private set; } = "";
    public IdeaStatus Status { get; private set; } = IdeaStatus.Proposed;
    public DateTime ProposedAt { get; init; }
    public Guid ProposedById { get; init; }
    public string ProposedByName { get; init; } = "";
    public DateTime? AgreedAt { get; private set; }
    public Guid? AgreedById { get; private set; }
    public string? AgreedByName { get; private set; }
    public DateTime? DoneAt { get; private set; }
    public Guid? DoneById { get; private set; }
    public string? DoneByName { get; private set; }
    /// <summary>What was done, in the words of whoever did it.</summary>
    [FreeText]
    public string? Outcome { get; private set; }
    public List<ImprovementIdeaFeedback> Feedback { get; private set; } = [];

    public string AuditSubjectType => "improvementIdea";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "improvementIdea";

    public static ImprovementIdea Propose(string title, string? detail, Guid byId, string byName, DateTime now)
    {
        var t = title?.Trim() ?? "";
        if (t.Length is 0 or > TitleMaxLength)
        {
            throw new InvalidInputException("title", $"An idea needs a title of 1 to {TitleMaxLength} characters.");
        }

        var d = detail?.Trim() ?? "";
        if (d.Length > DetailMaxLength)
        {
            throw new InvalidInputException("detail", $"The detail is at most {DetailMaxLength} characters.");
        }

        return new ImprovementIdea { Title = t, Detail = d, ProposedAt = now, ProposedById = byId, ProposedByName = byName };
    }

    public void Agree(Guid byId, string byName, DateTime now)
    {
        if (Status != IdeaStatus.Proposed)
        {
            throw new InvalidInputException("status", $"Only a proposed idea can be agreed; this one is {Status.ToString().ToLowerInvariant()}.");
        }

        (Status, AgreedAt, AgreedById, AgreedByName) = (IdeaStatus.Agreed, now, byId, byName);
    }

    public void Complete(string? outcome, Guid byId, string byName, DateTime now)
    {
        if (Status != IdeaStatus.Agreed)
        {
            throw new InvalidInputException("status", Status == IdeaStatus.Done ? "This idea is already done." : "An idea is agreed before it is done.");
        }

        var o = outcome?.Trim() ?? "";
        if (o.Length > DetailMaxLength)
        {
            throw new InvalidInputException("outcome", $"The outcome is at most {DetailMaxLength} characters.");
        }

        (Status, DoneAt, DoneById, DoneByName, Outcome) = (IdeaStatus.Done, now, byId, byName, o.Length == 0 ? null : o);
    }
}

/// <summary>Feedback that prompted an idea.</summary>
public sealed class ImprovementIdeaFeedback : IAudited
{
    public Guid IdeaId { get; init; }
    public Guid FeedbackId { get; init; }

    public string AuditSubjectType => "improvementIdea";
    public Guid AuditSubjectId => IdeaId;
    public string AuditEntityName => "improvementIdeaFeedback";
}
