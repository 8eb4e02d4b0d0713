using System.ComponentModel.DataAnnotations;

namespace Rapport.Features.Promises;

/// <summary>
/// Record a promise made to a customer. Give the case, conversation or message it was made on (the customer is taken
/// from it), or the customer. The owner is the signed-in user unless given; dueAt is an instant (send an offset or Z).
/// </summary>
public sealed record CreatePromiseRequest(
    [property: Required, StringLength(Promise.WhatMaxLength, MinimumLength = 1)] string What,
    DateTimeOffset DueAt,
    [property: StringLength(200)] string? DueText = null,
    Guid? CustomerId = null,
    Guid? CaseId = null,
    Guid? ConversationId = null,
    Guid? MessageId = null,
    Guid? OwnerId = null);

/// <summary>The promise was kept; an optional note says how.</summary>
public sealed record KeepPromiseRequest([property: StringLength(Promise.TextMaxLength)] string? Note = null);

/// <summary>The promise was not kept, and why.</summary>
public sealed record BreakPromiseRequest([property: Required, StringLength(Promise.TextMaxLength, MinimumLength = 1)] string Reason);

/// <summary>A new due time agreed with the customer: customerAgreed must be true.</summary>
public sealed record RenegotiatePromiseRequest(
    DateTimeOffset DueAt,
    [property: Required, StringLength(Promise.TextMaxLength, MinimumLength = 1)] string Reason,
    bool CustomerAgreed);

/// <summary>Find the promises in a draft message, with due times parsed for the conversation's customer.</summary>
public sealed record DetectPromisesRequest([property: Required, StringLength(100_000)] string Text, Guid? ConversationId = null);

public sealed record PromiseRenegotiationDto(DateTime PreviousDueAt, DateTime NewDueAt, string Reason, Guid ById, DateTime At);

/// <summary>A promise; overdue is true while it is still to be kept after its due time.</summary>
public sealed record PromiseDto(
    Guid Id, Guid CustomerId, string CustomerName, Guid? CaseId, Guid? ConversationId, Guid? MessageId, Guid OwnerId, string OwnerName,
    Guid? TeamId, string What, DateTime DueAt, string? DueText, PromiseStatus Status, bool Overdue, DateTime? RemindedAt,
    DateTime? EscalatedAt, DateTime? ClosedAt, string? ClosingNote, bool KeptOnTime, Guid CreatedById, DateTime CreatedAt,
    IReadOnlyList<PromiseRenegotiationDto> Renegotiations);

/// <summary>A promise found in a draft: what, when it would be due (null when the sentence gives no time) and the words.</summary>
public sealed record DetectedPromiseDto(string Sentence, int Start, string What, DateTimeOffset? DueAt, string? DueText, string Language, string TimeZone, string? Condition = null);

/// <summary>
/// How one agent or team kept their promises due in the period. keptOnTimeRate = kept on time / (kept + broken), null
/// when none was settled; renegotiated counts promises whose due time was renegotiated at least once.
/// </summary>
public sealed record PromiseMeasureDto(Guid Id, string Name, int Kept, int KeptOnTime, int Broken, int Renegotiated, int Open, double? KeptOnTimeRate);

public sealed record PromiseMeasuresDto(DateTime From, DateTime To, IReadOnlyList<PromiseMeasureDto> Agents, IReadOnlyList<PromiseMeasureDto> Teams);

/// <summary>Where a promise stands, when it is due and when it was kept or broken.</summary>
public sealed record PromiseOutcome(PromiseStatus Status, DateTime DueAt, DateTime? ClosedAt);
