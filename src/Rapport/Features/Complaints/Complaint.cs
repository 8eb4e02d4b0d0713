using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Complaints;

/// <summary>
/// The guided handling of a complaint case (C16, standard 003 LAST): what the customer said, expects and feels and its
/// cause; the apology as given; the alternatives and the one agreed; the thanks; and the follow-up that checks the
/// customer is satisfied (a promise) or the reason it was waived. One per case, made when the agent first listens.
/// The order of the steps is kept by <see cref="ComplaintFlow"/>; each step keeps who recorded it and when, which the
/// measures read as the time spent in each step.
/// </summary>
public sealed class Complaint : IAudited
{
    public const int TextMaxLength = 4000;
    public const int ShortMaxLength = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid CaseId { get; private init; }
    /// <summary>When the complaint flow started: the case's creation, so the Listen step counts from when the customer complained.</summary>
    public DateTime StartedAt { get; private init; }

    [FreeText]
    public string? CustomerWords { get; private set; }
    [FreeText]
    public string? Expectation { get; private set; }
    [FreeText]
    public string? Feeling { get; private set; }
    /// <summary>A key from the organisation's list of causes (<see cref="ComplaintCauses"/>).</summary>
    public string? Cause { get; private set; }
    public DateTime? ListenedAt { get; private set; }
    public Guid? ListenedById { get; private set; }

    [FreeText]
    public string? ApologyWording { get; private set; }
    public string? ApologyChannel { get; private set; }
    /// <summary>When the apology was given to the customer (may be earlier than when it was recorded).</summary>
    public DateTime? ApologyGivenAt { get; private set; }
    public DateTime? ApologisedAt { get; private set; }
    public Guid? ApologisedById { get; private set; }
    public string? ApologisedByName { get; private set; }

    public Guid? AgreedAlternativeId { get; private set; }
    public DateTime? AgreedAt { get; private set; }
    public Guid? AgreedById { get; private set; }
    /// <summary>The agent says the solution was agreed in the contact the complaint was made in.</summary>
    public bool AgreedAtFirstContact { get; private set; }

    [FreeText]
    public string? ThanksWording { get; private set; }
    public DateTime? ThankedAt { get; private set; }
    public Guid? ThankedById { get; private set; }

    /// <summary>The promise to check the customer is satisfied; its status says whether the follow-up was done.</summary>
    public Guid? FollowUpPromiseId { get; private set; }
    [FreeText]
    public string? FollowUpWaivedReason { get; private set; }
    public DateTime? FollowUpWaivedAt { get; private set; }
    public Guid? FollowUpWaivedById { get; private set; }

    public int Reopened { get; private set; }
    public DateTime? LastReopenedAt { get; private set; }
    [NotAudited]
    public Guid Version { get; private set; } = Guid.NewGuid();

    public string AuditSubjectType => "case";
    public Guid AuditSubjectId => CaseId;
    public string AuditEntityName => "complaint";

    public static Complaint For(Guid caseId, DateTime caseCreatedAt) => new() { CaseId = caseId, StartedAt = caseCreatedAt };

    public void Listen(string customerWords, string? expectation, string? feeling, string cause, Guid byId, DateTime now)
    {
        CustomerWords = Required(customerWords, "customerWords", TextMaxLength, "Record the complaint in the customer's own words.");
        Expectation = Optional(expectation, "expectation", TextMaxLength);
        Feeling = Optional(feeling, "feeling", ShortMaxLength);
        Cause = cause;
        ListenedAt = now;
        ListenedById = byId;
        Touch();
    }

    public void Apologise(string wording, string channel, DateTime? givenAt, Guid byId, string byName, DateTime now)
    {
        var given = givenAt ?? now;
        if (given > now)
        {
            throw new InvalidInputException("givenAt", "An apology is recorded once it was given: givenAt cannot be in the future.");
        }

        ApologyWording = Required(wording, "wording", TextMaxLength, "Record the apology as it was given, in the organisation's words.");
        ApologyChannel = ComplaintChannels.Require(channel, "channel");
        ApologyGivenAt = given;
        ApologisedAt = now;
        ApologisedById = byId;
        ApologisedByName = byName;
        Touch();
    }

    public void Agree(ComplaintAlternative alternative, bool atFirstContact, Guid byId, DateTime now)
    {
        alternative.MarkAgreed(now);
        AgreedAlternativeId = alternative.Id;
        AgreedAt = now;
        AgreedById = byId;
        AgreedAtFirstContact = atFirstContact;
        Touch();
    }

    public void Thank(string? wording, Guid byId, DateTime now)
    {
        ThanksWording = Optional(wording, "wording", TextMaxLength);
        ThankedAt = now;
        ThankedById = byId;
        Touch();
    }

    public void ScheduleFollowUp(Guid promiseId)
    {
        FollowUpPromiseId = promiseId;
        Touch();
    }

    public void WaiveFollowUp(string reason, Guid byId, DateTime now)
    {
        FollowUpWaivedReason = Required(reason, "reason", ShortMaxLength, "Say why the follow-up is waived (e.g. the customer asked not to be contacted again).");
        FollowUpWaivedAt = now;
        FollowUpWaivedById = byId;
        Touch();
    }

    /// <summary>The case was reopened after being resolved or closed: the customer was not satisfied after all.</summary>
    public void Reopen(DateTime now)
    {
        Reopened++;
        LastReopenedAt = now;
        Touch();
    }

    private void Touch() => Version = Guid.NewGuid();

    internal static string Required(string? text, string field, int max, string why) =>
        Optional(text, field, max) ?? throw new InvalidInputException(field, why);

    internal static string? Optional(string? text, string field, int max)
    {
        var t = text?.Trim();
        if (string.IsNullOrEmpty(t))
        {
            return null;
        }

        return t.Length <= max ? t : throw new InvalidInputException(field, $"{field} is at most {max} characters.");
    }
}
