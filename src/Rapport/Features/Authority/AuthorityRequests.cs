using System.ComponentModel.DataAnnotations;
using Rapport.Features.Cases;

namespace Rapport.Features.Authority;

/// <summary>
/// Offer the customer something on a case. Refund, compensation, goodwillGesture and discount need an amount and an ISO
/// 4217 currency; policyException needs a description of the rule set aside. Within your limit it is done at once;
/// beyond it, it waits (pending) for a colleague whose limit covers it.
/// </summary>
public sealed record RequestCaseActionRequest(
    AuthorityActionType Type,
    [property: Required, StringLength(CaseAction.TextMaxLength, MinimumLength = 1)] string Reason,
    decimal? Amount = null,
    [property: StringLength(3)] string? Currency = null,
    [property: StringLength(CaseAction.TextMaxLength)] string? Description = null);

/// <summary>Approve (an optional note) or reject (a reason is required; the agent is told it) a pending action.</summary>
public sealed record DecideCaseActionRequest([property: StringLength(CaseAction.TextMaxLength)] string? Reason = null);

/// <summary>
/// Set the limit of a role, or of one user (it replaces their role's limit for that action and currency). For an amount
/// give currency and amount (0 = not allowed); for policyException give allowed.
/// </summary>
public sealed record SetAuthorityLimitRequest(
    AuthorityActionType Type,
    [property: StringLength(30)] string? Role = null,
    Guid? UserId = null,
    [property: StringLength(3)] string? Currency = null,
    decimal? Amount = null,
    bool? Allowed = null);

public sealed record AuthorityLimitDto(Guid Id, string? Role, Guid? UserId, string? UserName, AuthorityActionType Type, string? Currency,
    decimal? Amount, bool Allowed, DateTime UpdatedAt);

/// <summary>A limit as it applies to you: amount (or allowed) and where it comes from.</summary>
public sealed record EffectiveLimitDto(AuthorityActionType Type, string? Currency, decimal? Amount, bool Allowed, string Source);

public sealed record CaseActionDto(
    Guid Id, Guid CaseId, AuthorityActionType Type, decimal? Amount, string? Currency, string? Description, string Reason,
    CaseActionStatus Status, Guid RequestedById, string RequestedByName, DateTime RequestedAt,
    Guid? DecidedById, string? DecidedByName, DateTime? DecidedAt, string? DecisionReason, DateTime? CompletedAt, string? Outcome);

/// <summary>A pending action you may decide, with the case it is about.</summary>
public sealed record ApprovalDto(CaseActionDto Action, CaseSummaryDto Case);

public static class AuthorityMapping
{
    public static CaseActionDto ToDto(this CaseAction a) => new(a.Id, a.CaseId, a.Type, a.Amount, a.Currency, a.Description, a.Reason,
        a.Status, a.RequestedById, a.RequestedByName, a.RequestedAt, a.DecidedById, a.DecidedByName, a.DecidedAt, a.DecisionReason,
        a.CompletedAt, a.Outcome);

    public static AuthorityLimitDto ToDto(this AuthorityLimit l, string? userName) => new(l.Id, l.Role, l.UserId, userName, l.Action,
        l.Action.IsMonetary() ? l.Currency : null, l.Action.IsMonetary() ? l.Amount : null, l.Allowed, l.UpdatedAt);

    public static EffectiveLimitDto ToDto(this EffectiveLimit l) => new(l.Action, l.Action.IsMonetary() ? l.Currency : null,
        l.Action.IsMonetary() ? l.Amount : null, l.Allowed, l.Source);
}
