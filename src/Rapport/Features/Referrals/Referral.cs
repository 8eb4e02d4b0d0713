using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Referrals;

public enum ReferralStatus { Pending, Accepted, Declined, Withdrawn }

/// <summary>
/// A case or a live conversation passed to a colleague or a team, with the reason why this person or team (standard
/// 000 PC14, 004 PC9) and, when the customer was told, the message they were sent. The receiver accepts it (and the
/// work becomes theirs) or declines it with a reason (and it goes back to the referrer); the referrer may withdraw it.
/// </summary>
public sealed class Referral : IAudited
{
    public const int ReasonMaxLength = 2000;
    public const int CustomerMessageMaxLength = 4000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? CaseId { get; private init; }
    public Guid? ConversationId { get; private init; }
    public Guid FromUserId { get; private init; }
    public string FromName { get; private init; } = "";
    public Guid? ToUserId { get; private init; }
    public Guid? ToTeamId { get; private init; }
    /// <summary>The colleague's or team's name when referred, so the chain reads the same after renames.</summary>
    public string ToName { get; private init; } = "";
    /// <summary>Why this colleague or team: internal, never sent to the customer.</summary>
    [FreeText]
    public string Reason { get; private init; } = "";
    /// <summary>What the customer was told, sent on their channel when the referral was made.</summary>
    [FreeText]
    public string? CustomerMessage { get; private set; }
    public Guid? CustomerMessageId { get; private set; }
    public ReferralStatus Status { get; private set; } = ReferralStatus.Pending;
    public DateTime CreatedAt { get; private init; }
    public DateTime? DecidedAt { get; private set; }
    public Guid? DecidedById { get; private set; }
    public string? DecidedByName { get; private set; }
    /// <summary>Why it was declined (required) or withdrawn (optional).</summary>
    [FreeText]
    public string? DecisionReason { get; private set; }

    public string AuditSubjectType => CaseId is null ? "conversation" : "case";
    public Guid AuditSubjectId => CaseId ?? ConversationId ?? Id;
    public string AuditEntityName => "referral";

    public static Referral Make(Guid? caseId, Guid? conversationId, Guid fromUserId, string fromName, Guid? toUserId, Guid? toTeamId,
        string toName, string? reason, DateTime now)
    {
        if ((caseId is null) == (conversationId is null))
        {
            throw new InvalidInputException("caseId", "Refer exactly one of a case (caseId) or a conversation (conversationId).");
        }

        if ((toUserId is null) == (toTeamId is null))
        {
            throw new InvalidInputException("toUserId", "Refer to exactly one of a colleague (toUserId) or a team (toTeamId).");
        }

        if (toUserId == fromUserId)
        {
            throw new InvalidInputException("toUserId", "You cannot refer to yourself.");
        }

        return new Referral
        {
            CaseId = caseId,
            ConversationId = conversationId,
            FromUserId = fromUserId,
            FromName = fromName,
            ToUserId = toUserId,
            ToTeamId = toTeamId,
            ToName = toName,
            Reason = Required(reason, "reason", "Say why you refer to this colleague or team."),
            CreatedAt = now,
        };
    }

    /// <summary>Records what the customer was told and the id of the message that told them.</summary>
    public void ToldCustomer(string message, Guid messageId)
    {
        CustomerMessage = message.Trim();
        CustomerMessageId = messageId;
    }

    public void Accept(Guid byId, string byName, DateTime now) => Decide(ReferralStatus.Accepted, byId, byName, null, now);

    public void Decline(Guid byId, string byName, string? reason, DateTime now) =>
        Decide(ReferralStatus.Declined, byId, byName, Required(reason, "reason", "Say why you decline, so the referrer can act on it."), now);

    public void Withdraw(Guid byId, string byName, string? reason, DateTime now) =>
        Decide(ReferralStatus.Withdrawn, byId, byName, string.IsNullOrWhiteSpace(reason) ? null : Limit(reason.Trim(), "reason"), now);

    private void Decide(ReferralStatus outcome, Guid byId, string byName, string? reason, DateTime now)
    {
        if (Status != ReferralStatus.Pending)
        {
            throw new InvalidInputException("status", $"This referral is already {Status.ToString().ToLowerInvariant()}.");
        }

        Status = outcome;
        DecidedAt = now;
        DecidedById = byId;
        DecidedByName = byName;
        DecisionReason = reason;
    }

    private static string Required(string? text, string field, string message) =>
        string.IsNullOrWhiteSpace(text) ? throw new InvalidInputException(field, message) : Limit(text.Trim(), field);

    private static string Limit(string text, string field) =>
        text.Length > ReasonMaxLength ? throw new InvalidInputException(field, $"A reason is at most {ReasonMaxLength} characters.") : text;
}
