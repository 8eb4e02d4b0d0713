using System.ComponentModel.DataAnnotations;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;

namespace Rapport.Features.Referrals;

/// <summary>
/// Refer a case (caseId) or a live conversation (conversationId) to a colleague (toUserId) or a team (toTeamId). The reason
/// is internal and required. A customerMessage is sent to the customer on their channel now (on the conversation, or on
/// the case's most recently active linked conversation) and recorded with the referral.
/// </summary>
public sealed record CreateReferralRequest(
    Guid? CaseId = null,
    Guid? ConversationId = null,
    Guid? ToUserId = null,
    Guid? ToTeamId = null,
    [property: StringLength(Referral.ReasonMaxLength)] string? Reason = null,
    [property: StringLength(Referral.CustomerMessageMaxLength)] string? CustomerMessage = null);

/// <summary>Decline a referral (reason required: the referrer is told it) or withdraw one (reason optional).</summary>
public sealed record ReferralReasonRequest([property: StringLength(Referral.ReasonMaxLength)] string? Reason = null);

/// <summary>A referral: who passed what to whom and why, what the customer was told, and how it ended.</summary>
public sealed record ReferralDto(
    Guid Id, Guid? CaseId, Guid? ConversationId, Guid FromUserId, string FromName, Guid? ToUserId, Guid? ToTeamId, string ToName,
    string Reason, string? CustomerMessage, Guid? CustomerMessageId, ReferralStatus Status, DateTime CreatedAt, DateTime? DecidedAt,
    Guid? DecidedById, string? DecidedByName, string? DecisionReason);

/// <summary>What the receiver needs to decide: the referral, the chain it belongs to (oldest first) and the case or conversation.</summary>
public sealed record ReferralDetailDto(ReferralDto Referral, IReadOnlyList<ReferralDto> Chain, CaseDto? Case, ConversationDto? Conversation);

/// <summary>Someone a case or conversation can be referred to.</summary>
public sealed record ReferralTarget(Guid? UserId, Guid? TeamId, string Name);

public static class ReferralMapping
{
    public static ReferralDto ToDto(this Referral r) => new(r.Id, r.CaseId, r.ConversationId, r.FromUserId, r.FromName, r.ToUserId, r.ToTeamId,
        r.ToName, r.Reason, r.CustomerMessage, r.CustomerMessageId, r.Status, r.CreatedAt, r.DecidedAt, r.DecidedById, r.DecidedByName,
        r.DecisionReason);
}
