using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Promises;

/// <summary>
/// An undertaking made to a customer (C12): what, by whom, by when, on which case, and the words the due time was read
/// from. Reminded before it is due, escalated once it is overdue, and finally kept, broken or renegotiated with the
/// customer (each renegotiation is kept as a <see cref="PromiseRenegotiation"/>).
/// </summary>
public sealed class Promise : IAudited
{
    public const int WhatMaxLength = 500;
    public const int TextMaxLength = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CustomerId { get; private set; }
    public Guid? CaseId { get; init; }
    public Guid? ConversationId { get; init; }
    /// <summary>The outgoing message the promise was made in, when it was detected there.</summary>
    public Guid? MessageId { get; init; }
    /// <summary>Who made the promise and must keep it.</summary>
    public Guid OwnerId { get; private set; }
    /// <summary>The case's team when recorded: whose supervisors hear about it when it is overdue.</summary>
    public Guid? TeamId { get; init; }
    [FreeText]
    public string What { get; private set; } = "";
    public DateTime DueAt { get; private set; }
    /// <summary>The words the due time was read from ("tomorrow morning"), or null when it was given as a time.</summary>
    [FreeText]
    public string? DueText { get; private set; }
    public PromiseStatus Status { get; private set; } = PromiseStatus.Open;
    /// <summary>When the owner is reminded: a lead time before <see cref="DueAt"/>.</summary>
    public DateTime RemindAt { get; private set; }
    public DateTime? RemindedAt { get; private set; }
    /// <summary>When the sweep found it overdue and told the supervisors.</summary>
    public DateTime? EscalatedAt { get; private set; }
    public DateTime? ClosedAt { get; private set; }
    public Guid? ClosedById { get; private set; }
    [FreeText]
    public string? ClosingNote { get; private set; }
    /// <summary>Kept by the due time in force when it was kept.</summary>
    public bool KeptOnTime { get; private set; }
    public int Renegotiations { get; private set; }
    public Guid CreatedById { get; init; }
    public DateTime CreatedAt { get; init; }
    [NotAudited]
    public Guid Version { get; private set; } = Guid.NewGuid();

    public string AuditSubjectType => "promise";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "promise";

    public bool IsPending => Status is PromiseStatus.Open or PromiseStatus.Renegotiated;

    public static Promise Make(Guid customerId, Guid ownerId, string what, DateTime dueAt, string? dueText, TimeSpan reminderLead,
        Guid createdById, DateTime now, Guid? caseId = null, Guid? conversationId = null, Guid? messageId = null, Guid? teamId = null)
    {
        var p = new Promise
        {
            CustomerId = customerId,
            OwnerId = ownerId,
            CaseId = caseId,
            ConversationId = conversationId,
            MessageId = messageId,
            TeamId = teamId,
            CreatedById = createdById,
            CreatedAt = now,
        };
        p.What = Clean(what, "what", WhatMaxLength) ?? throw new InvalidInputException("what", "Say what was promised.");
        p.Schedule(dueAt, dueText, reminderLead, now);
        return p;
    }

    public void Keep(Guid userId, string? note, DateTime now)
    {
        RequirePending("kept");
        Close(PromiseStatus.Kept, userId, Clean(note, "note", TextMaxLength), now);
        KeptOnTime = now <= DueAt;
    }

    public void Break(Guid userId, string reason, DateTime now)
    {
        RequirePending("broken");
        Close(PromiseStatus.Broken, userId, Clean(reason, "reason", TextMaxLength) ?? throw new InvalidInputException("reason", "Say why the promise was broken."), now);
    }

    /// <summary>Overdue for longer than the grace period without being kept or renegotiated: broken by the sweep.</summary>
    public void Lapse(TimeSpan brokenAfter, DateTime now)
    {
        RequirePending("broken");
        Close(PromiseStatus.Broken, null, $"Neither kept nor renegotiated within {brokenAfter.TotalHours:0.#} hours of the due time.", now);
    }

    /// <summary>
    /// A new due time agreed with the customer. The reminder and escalation start again for the new time; the old time is
    /// kept in the returned history row.
    /// </summary>
    public PromiseRenegotiation Renegotiate(DateTime newDueAt, string reason, bool customerAgreed, Guid userId, TimeSpan reminderLead, DateTime now)
    {
        RequirePending("renegotiated");
        if (!customerAgreed)
        {
            throw new InvalidInputException("customerAgreed", "A promise is renegotiated with the customer: record that they agreed to the new time.");
        }

        var why = Clean(reason, "reason", TextMaxLength) ?? throw new InvalidInputException("reason", "Say why the promise is renegotiated.");
        var history = new PromiseRenegotiation
        {
            PromiseId = Id,
            PreviousDueAt = DueAt,
            NewDueAt = newDueAt,
            Reason = why,
            ById = userId,
            At = now,
        };
        Schedule(newDueAt, null, reminderLead, now);
        Status = PromiseStatus.Renegotiated;
        Renegotiations++;
        RemindedAt = null;
        EscalatedAt = null;
        return history;
    }

    public void MarkReminded(DateTime now)
    {
        RemindedAt ??= now;
        Version = Guid.NewGuid();
    }

    public void MarkEscalated(DateTime now)
    {
        EscalatedAt ??= now;
        Version = Guid.NewGuid();
    }

    private void Schedule(DateTime dueAt, string? dueText, TimeSpan reminderLead, DateTime now)
    {
        if (dueAt.Kind != DateTimeKind.Utc)
        {
            dueAt = DateTime.SpecifyKind(dueAt.ToUniversalTime(), DateTimeKind.Utc);
        }

        if (dueAt <= now)
        {
            throw new InvalidInputException("dueAt", "A promise is due in the future.");
        }

        DueAt = dueAt;
        DueText = Clean(dueText, "dueText", 200);
        RemindAt = Reminders.RemindAt(dueAt, reminderLead, now);
        Version = Guid.NewGuid();
    }

    private void Close(PromiseStatus status, Guid? userId, string? note, DateTime now)
    {
        Status = status;
        ClosedAt = now;
        ClosedById = userId;
        ClosingNote = note;
        Version = Guid.NewGuid();
    }

    private void RequirePending(string becoming)
    {
        if (!IsPending)
        {
            throw new InvalidInputException("status", $"A promise that is {Status.ToString().ToLowerInvariant()} cannot be {becoming}.");
        }
    }

    private static string? Clean(string? text, string field, int max)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            return null;
        }

        return t.Length <= max ? t : throw new InvalidInputException(field, $"{field} is at most {max} characters.");
    }
}

/// <summary>One change of a promise's due time, agreed with the customer.</summary>
public sealed class PromiseRenegotiation : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid PromiseId { get; init; }
    public DateTime PreviousDueAt { get; init; }
    public DateTime NewDueAt { get; init; }
    [FreeText]
    public required string Reason { get; init; }
    public Guid ById { get; init; }
    public DateTime At { get; init; }

    public string AuditSubjectType => "promise";
    public Guid AuditSubjectId => PromiseId;
    public string AuditEntityName => "promiseRenegotiation";
}
