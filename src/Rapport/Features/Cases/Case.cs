using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Cases;

/// <summary>
/// What a customer needs from us (C10): information, a booking, a complaint or an organisation-defined kind, in their own
/// words, with who owns it, how urgent it is and where it stands. Conversations are linked to it; notes discuss it.
/// </summary>
public sealed class Case : IAudited
{
    public const int TitleMaxLength = 200;
    public const int RequirementMaxLength = 4000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    /// <summary>Sequential per organisation; shown as C-000123 (<see cref="CaseNumbers"/>).</summary>
    public long Number { get; init; }
    public Guid CustomerId { get; private set; }
    public string Kind { get; private set; } = CaseKinds.Information;
    [FreeText]
    public string Title { get; private set; } = "";
    /// <summary>The customer's stated requirement, in their own words.</summary>
    [FreeText]
    public string Requirement { get; private set; } = "";
    public CaseStatus Status { get; private set; } = CaseStatus.New;
    public CasePriority Priority { get; private set; } = CasePriority.Normal;
    public Guid? OwnerId { get; private set; }
    public Guid? TeamId { get; private set; }
    public List<CaseTag> Tags { get; private set; } = [];

    /// <summary>Who confirmed their understanding of the requirement with the customer, when and how (standard 000 PC7).</summary>
    public DateTime? RequirementConfirmedAt { get; private set; }
    public Guid? RequirementConfirmedById { get; private set; }
    public string? RequirementConfirmedByName { get; private set; }
    [FreeText]
    public string? RequirementConfirmedHow { get; private set; }

    public DateTime CreatedAt { get; init; }
    [NotAudited]
    public DateTime UpdatedAt { get; private set; }
    public DateTime? FirstResponseAt { get; private set; }
    public DateTime? ResolvedAt { get; private set; }
    /// <summary>When the customer was last told how their case stands (service standards measure the interval).</summary>
    public DateTime? LastCustomerUpdateAt { get; private set; }
    [NotAudited]
    public Guid Version { get; private set; } = Guid.NewGuid();

    public string AuditSubjectType => "case";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "case";

    public string Reference => CaseNumbers.Format(Number);

    public static Case Open(long number, Guid customerId, string kind, string title, string requirement, CasePriority priority, DateTime now)
    {
        var c = new Case { Number = number, CustomerId = customerId, CreatedAt = now };
        c.Describe(kind, title, requirement, priority, now);
        return c;
    }

    /// <summary>Changes what the case is about. A changed requirement must be confirmed with the customer again.</summary>
    public void Describe(string kind, string title, string requirement, CasePriority priority, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            throw new InvalidInputException("title", "A case needs a title.");
        }

        if (title.Trim().Length > TitleMaxLength)
        {
            throw new InvalidInputException("title", $"A title is at most {TitleMaxLength} characters.");
        }

        if (requirement?.Trim().Length > RequirementMaxLength)
        {
            throw new InvalidInputException("requirement", $"The requirement is at most {RequirementMaxLength} characters.");
        }

        if (!Enum.IsDefined(priority))
        {
            throw new InvalidInputException("priority", "Unknown priority.");
        }

        var stated = requirement?.Trim() ?? "";
        if (stated != Requirement)
        {
            RequirementConfirmedAt = null;
            RequirementConfirmedById = null;
            RequirementConfirmedByName = null;
            RequirementConfirmedHow = null;
        }

        Kind = kind;
        Title = title.Trim();
        Requirement = stated;
        Priority = priority;
        Touch(now);
    }

    /// <summary>Moves the case on; refuses transitions <see cref="CaseTransitions"/> does not allow. Returns whether it changed.</summary>
    public bool MoveTo(CaseStatus status, DateTime now)
    {
        if (!Enum.IsDefined(status))
        {
            throw new InvalidInputException("status", "Unknown status.");
        }

        if (!CaseTransitions.IsAllowed(Status, status))
        {
            throw new InvalidInputException("status", $"A case that is {Status} cannot become {status}; it can become: {string.Join(", ", CaseTransitions.From(Status))}.");
        }

        if (status == Status)
        {
            return false;
        }

        if (status is CaseStatus.Resolved or CaseStatus.Closed)
        {
            ResolvedAt ??= now;
        }
        else
        {
            ResolvedAt = null;
        }

        Status = status;
        Touch(now);
        return true;
    }

    public void AssignTo(Guid? ownerId, Guid? teamId, DateTime now)
    {
        OwnerId = ownerId;
        TeamId = teamId;
        Touch(now);
    }

    public void SetTags(IEnumerable<string> tags, DateTime now)
    {
        var wanted = CaseTag.Normalise(tags);
        Tags.RemoveAll(t => !wanted.Contains(t.Tag));
        foreach (var tag in wanted.Where(w => Tags.All(t => t.Tag != w)))
        {
            Tags.Add(new CaseTag { CaseId = Id, Tag = tag });
        }

        Touch(now);
    }

    public void ConfirmRequirement(Guid userId, string userName, string how, DateTime now)
    {
        if (string.IsNullOrWhiteSpace(Requirement))
        {
            throw new InvalidInputException("requirement", "Record the customer's requirement before confirming it.");
        }

        if (string.IsNullOrWhiteSpace(how) || how.Trim().Length > 200)
        {
            throw new InvalidInputException("how", "Say how it was confirmed (e.g. \"read back on the phone\"), in at most 200 characters.");
        }

        RequirementConfirmedAt = now;
        RequirementConfirmedById = userId;
        RequirementConfirmedByName = userName;
        RequirementConfirmedHow = how.Trim();
        Touch(now);
    }

    /// <summary>An agent answered the customer on a linked conversation: the first time is the first response.</summary>
    public void RecordCustomerUpdate(DateTime at)
    {
        FirstResponseAt ??= at;
        if (LastCustomerUpdateAt is null || at > LastCustomerUpdateAt)
        {
            LastCustomerUpdateAt = at;
        }
    }

    /// <summary>A change to the case's parts (links, followers, notes) that should still move the ETag.</summary>
    public void Touch(DateTime now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }

    /// <summary>Follows the customer when their record is merged into another.</summary>
    public void MoveToCustomer(Guid customerId) => CustomerId = customerId;
}
