using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Authority;

public enum CaseActionStatus { Pending, Completed, Rejected }

/// <summary>
/// Something offered to a customer on a case: a refund, compensation, goodwill gesture, discount or policy exception
/// (C15). Within the requester's limit it is done at once; beyond it, it waits for someone whose limit covers it, and
/// only their approval completes it. Rapport records the decision and the customer outcome; it moves no money.
/// </summary>
public sealed class CaseAction : IAudited
{
    public const int TextMaxLength = 1000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; private init; }
    public AuthorityActionType Type { get; private init; }
    public decimal? Amount { get; private init; }
    public string? Currency { get; private init; }
    /// <summary>What is offered, in words; required for a policy exception (which rule is set aside).</summary>
    [FreeText]
    public string? Description { get; private init; }
    /// <summary>Why the agent offers it.</summary>
    [FreeText]
    public string Reason { get; private init; } = "";
    public Guid RequestedById { get; private init; }
    public string RequestedByName { get; private init; } = "";
    public DateTime RequestedAt { get; private init; }
    public CaseActionStatus Status { get; private set; }
    public Guid? DecidedById { get; private set; }
    public string? DecidedByName { get; private set; }
    public DateTime? DecidedAt { get; private set; }
    [FreeText]
    public string? DecisionReason { get; private set; }
    public DateTime? CompletedAt { get; private set; }
    /// <summary>What the customer gets, as recorded when the action is done.</summary>
    [FreeText]
    public string? Outcome { get; private set; }
    [NotAudited]
    public Guid Version { get; private set; } = Guid.NewGuid();

    public string AuditSubjectType => "case";
    public Guid AuditSubjectId => CaseId;
    public string AuditEntityName => "caseAction";

    /// <summary>"Refund of GBP 80.00", or "Policy exception".</summary>
    public string What => Describe(Type.Label());

    /// <summary>As in a sentence: "refund of GBP 80.00".</summary>
    public string WhatInSentence => Describe(Type.Label().ToLowerInvariant());

    private string Describe(string label) => Type.IsMonetary() ? $"{label} of {Currencies.Format(Amount!.Value, Currency!)}" : label;

    public static CaseAction Request(Guid caseId, AuthorityActionType type, decimal? amount, string? currency, string? description, string? reason,
        Guid requesterId, string requesterName, DateTime now)
    {
        if (!Enum.IsDefined(type))
        {
            throw new InvalidInputException("type", "Unknown action type.");
        }

        var text = Clean(description, "description");
        if (!type.IsMonetary() && text is null)
        {
            throw new InvalidInputException("description", "Describe the exception: which rule is set aside, and how.");
        }

        return new CaseAction
        {
            CaseId = caseId,
            Type = type,
            Amount = type.IsMonetary() ? Currencies.RequireAmount(amount, "amount") : null,
            Currency = type.IsMonetary() ? Currencies.Require(currency, "currency") : null,
            Description = text,
            Reason = Clean(reason, "reason") ?? throw new InvalidInputException("reason", "Say why the customer should have this."),
            RequestedById = requesterId,
            RequestedByName = requesterName,
            RequestedAt = now,
            Status = CaseActionStatus.Pending,
        };
    }

    /// <summary>Within the requester's own limit: done at once, on their authority.</summary>
    public void CompleteWithinLimit(DateTime now) => Complete(now);

    /// <summary>Approved by someone else whose limit covers it; the caller checks that limit.</summary>
    public void Approve(Guid approverId, string approverName, string? note, DateTime now)
    {
        RequireDecidableBy(approverId);
        Decide(approverId, approverName, Clean(note, "reason"), now);
        Complete(now);
    }

    public void Reject(Guid approverId, string approverName, string? reason, DateTime now)
    {
        RequireDecidableBy(approverId);
        var why = Clean(reason, "reason") ?? throw new InvalidInputException("reason", "Give the reason for the rejection; the agent is told it.");
        Decide(approverId, approverName, why, now);
        Status = CaseActionStatus.Rejected;
    }

    /// <summary>Refuses a decision on an action already decided (409) or by the person who asked for it (403).</summary>
    public void RequireDecidableBy(Guid approverId)
    {
        if (Status != CaseActionStatus.Pending)
        {
            throw new ActionAlreadyDecidedException($"This {Type.Label().ToLowerInvariant()} was already {Status.ToString().ToLowerInvariant()}.");
        }

        if (approverId == RequestedById)
        {
            throw new NotYoursToDecideException("Nobody approves or rejects their own request; another colleague whose limit covers it decides.");
        }
    }

    private void Decide(Guid approverId, string approverName, string? reason, DateTime now)
    {
        DecidedById = approverId;
        DecidedByName = approverName;
        DecidedAt = now;
        DecisionReason = reason;
        Version = Guid.NewGuid();
    }

    private void Complete(DateTime now)
    {
        if (Status != CaseActionStatus.Pending)
        {
            throw new ActionAlreadyDecidedException($"This {Type.Label().ToLowerInvariant()} was already {Status.ToString().ToLowerInvariant()}.");
        }

        Status = CaseActionStatus.Completed;
        CompletedAt = now;
        Outcome = Description is null ? $"{What} agreed for the customer." : $"{What} agreed for the customer: {Description}";
        Version = Guid.NewGuid();
    }

    private static string? Clean(string? text, string field)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            return null;
        }

        return t.Length > TextMaxLength ? throw new InvalidInputException(field, $"At most {TextMaxLength} characters.") : t;
    }
}

/// <summary>The action was decided (or done) already: a second decision loses the race (409).</summary>
public sealed class ActionAlreadyDecidedException(string message) : Exception(message);

/// <summary>The person may not decide this request: it is their own, or beyond their limit (403).</summary>
public sealed class NotYoursToDecideException(string message) : Exception(message);
