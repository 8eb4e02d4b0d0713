using System.ComponentModel.DataAnnotations;
using Rapport.Features.Authority;
using Rapport.Features.Promises;

namespace Rapport.Features.Complaints;

/// <summary>Listen: the complaint in the customer's own words, what they expect, how they feel, and its cause (a key from GET /api/v1/complaints/causes).</summary>
public sealed record ListenRequest(
    [property: Required, StringLength(Complaint.TextMaxLength, MinimumLength = 1)] string CustomerWords,
    [property: Required, StringLength(100, MinimumLength = 1)] string Cause,
    [property: StringLength(Complaint.TextMaxLength)] string? Expectation = null,
    [property: StringLength(Complaint.ShortMaxLength)] string? Feeling = null);

/// <summary>Apologise: the wording as it was given, on which channel, and when (now when left out; never in the future).</summary>
public sealed record ApologyRequest(
    [property: Required, StringLength(Complaint.TextMaxLength, MinimumLength = 1)] string Wording,
    [property: Required, StringLength(20, MinimumLength = 1)] string Channel,
    DateTimeOffset? GivenAt = null);

/// <summary>A refund, compensation, goodwill gesture or discount (amount and currency) or a policy exception, offered as part of an alternative.</summary>
public sealed record AlternativeOffer(AuthorityActionType Type, decimal? Amount = null, [property: StringLength(3)] string? Currency = null);

/// <summary>Solve: one way to put it right, with what it costs and brings the customer and the organisation.</summary>
public sealed record ProposeAlternativeRequest(
    [property: Required, StringLength(Complaint.ShortMaxLength, MinimumLength = 1)] string Description,
    [property: Required, StringLength(Complaint.ShortMaxLength, MinimumLength = 1)] string CustomerCost,
    [property: Required, StringLength(Complaint.ShortMaxLength, MinimumLength = 1)] string CustomerBenefit,
    [property: Required, StringLength(Complaint.ShortMaxLength, MinimumLength = 1)] string OrganisationCost,
    [property: Required, StringLength(Complaint.ShortMaxLength, MinimumLength = 1)] string OrganisationBenefit,
    AlternativeOffer? Offer = null);

/// <summary>The customer agreed to this alternative; atFirstContact when it was agreed in the contact the complaint was made in.</summary>
public sealed record AgreeAlternativeRequest(bool AtFirstContact = false);

/// <summary>The customer disagrees: what they need, what was confirmed with them, why the expectation cannot be met, and the escalation.</summary>
public sealed record DisagreementRequest(
    [property: Required, StringLength(Complaint.TextMaxLength, MinimumLength = 1)] string Needs,
    [property: Required, StringLength(Complaint.TextMaxLength, MinimumLength = 1)] string Confirmed,
    [property: Required, StringLength(Complaint.TextMaxLength, MinimumLength = 1)] string WhyNotMet,
    [property: Required, StringLength(Complaint.TextMaxLength, MinimumLength = 1)] string Escalation);

/// <summary>Thank: the customer was thanked for raising it (the words, optional).</summary>
public sealed record ThanksRequest([property: StringLength(Complaint.TextMaxLength)] string? Wording = null);

/// <summary>The follow-up: a promise to check the customer is satisfied, due at dueAt (owner: you unless given).</summary>
public sealed record FollowUpRequest(
    DateTimeOffset DueAt,
    [property: StringLength(Promise.WhatMaxLength)] string? What = null,
    Guid? OwnerId = null);

/// <summary>No follow-up will be made, and why (e.g. the customer asked not to be contacted again).</summary>
public sealed record WaiveFollowUpRequest([property: Required, StringLength(Complaint.ShortMaxLength, MinimumLength = 1)] string Reason);

public sealed record ListenDto(string CustomerWords, string? Expectation, string? Feeling, string Cause, string CauseName, DateTime At, Guid ById);

public sealed record ApologyDto(string Wording, string Channel, DateTime GivenAt, DateTime RecordedAt, Guid ById, string ByName);

public sealed record AlternativeDto(Guid Id, string Description, string CustomerCost, string CustomerBenefit, string OrganisationCost,
    string OrganisationBenefit, AlternativeOffer? Offer, Guid? CaseActionId, CaseActionStatus? ApprovalStatus, AlternativeStatus Status,
    Guid ProposedById, DateTime ProposedAt, DateTime? AgreedAt);

public sealed record DisagreementDto(Guid Id, string Needs, string Confirmed, string WhyNotMet, string Escalation, Guid ById, string ByName, DateTime At);

public sealed record ThanksDto(string? Wording, DateTime At, Guid ById);

/// <summary>The follow-up: its promise (status open, renegotiated, kept or broken) or the waiver; done when kept or waived.</summary>
public sealed record FollowUpDto(Guid? PromiseId, PromiseStatus? PromiseStatus, DateTime? DueAt, string? WaivedReason, DateTime? WaivedAt, bool Done);

/// <summary>
/// A complaint case's LAST record. step is where it stands: listen, apologise, solve, thank, followUp or done. Each
/// step is null until recorded; reopened counts how often the case was reopened after being resolved or closed.
/// </summary>
public sealed record ComplaintDto(Guid CaseId, Guid? Id, ComplaintStep Step, DateTime StartedAt, ListenDto? Listen, ApologyDto? Apology,
    IReadOnlyList<AlternativeDto> Alternatives, Guid? AgreedAlternativeId, bool AgreedAtFirstContact, IReadOnlyList<DisagreementDto> Disagreements,
    ThanksDto? Thanks, FollowUpDto FollowUp, int Reopened);

/// <summary>Mean and median hours from the previous step (for Listen: from the case's opening) to this one, over the complaints that took it.</summary>
public sealed record StepTimeDto(ComplaintStep Step, int Complaints, double? MeanHours, double? MedianHours);

public sealed record CauseCountDto(string Cause, string Name, int Complaints);

/// <summary>
/// Complaints opened in the period (one team's, or all). resolvedAtFirstContact counts solutions agreed in the first
/// contact, without disagreement, never reopened; followUpsDone counts follow-up promises kept; reopened counts complaints
/// reopened at least once.
/// </summary>
public sealed record ComplaintMeasureDto(Guid? TeamId, string TeamName, int Complaints, IReadOnlyList<CauseCountDto> ByCause,
    int ResolvedAtFirstContact, IReadOnlyList<StepTimeDto> TimeInStep, int FollowUpsScheduled, int FollowUpsDone, int FollowUpsBroken,
    int FollowUpsWaived, int Reopened);

public sealed record ComplaintMeasuresDto(DateTime From, DateTime To, ComplaintMeasureDto All, IReadOnlyList<ComplaintMeasureDto> Teams);
