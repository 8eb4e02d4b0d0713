using System.ComponentModel.DataAnnotations;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Cases;

/// <summary>
/// Open a case for a customer, or from a conversation (the case takes the conversation's customer and is linked to it).
/// Give exactly one of customerId and conversationId. Kind is information, booking, complaint or an organisation-defined key.
/// </summary>
public sealed record CreateCaseRequest(
    [property: Required, StringLength(Case.TitleMaxLength, MinimumLength = 1)] string Title,
    Guid? CustomerId = null,
    Guid? ConversationId = null,
    [property: StringLength(50)] string? Kind = null,
    [property: StringLength(Case.RequirementMaxLength)] string? Requirement = null,
    CasePriority Priority = CasePriority.Normal,
    Guid? OwnerId = null,
    Guid? TeamId = null,
    List<string>? Tags = null);

/// <summary>Replace what the case is about. Send If-Match with the ETag you read (412 when someone changed it since).</summary>
public sealed record UpdateCaseRequest(
    [property: Required, StringLength(Case.TitleMaxLength, MinimumLength = 1)] string Title,
    [property: Required, StringLength(50, MinimumLength = 1)] string Kind,
    [property: StringLength(Case.RequirementMaxLength)] string? Requirement,
    CasePriority Priority,
    List<string>? Tags = null);

/// <summary>Move a case to another status; not every move is allowed (e.g. nothing goes back to new).</summary>
public sealed record SetCaseStatusRequest(CaseStatus Status);

/// <summary>Give a case an owner and/or a team (null clears).</summary>
public sealed record AssignCaseRequest(Guid? OwnerId, Guid? TeamId);

/// <summary>Link a conversation to the case. A conversation is linked to at most one case.</summary>
public sealed record LinkConversationRequest(Guid ConversationId);

/// <summary>An internal note; @email, @Full Name or @FirstName notifies that colleague.</summary>
public sealed record AddCaseNoteRequest([property: Required, StringLength(CaseNote.TextMaxLength, MinimumLength = 1)] string Text);

/// <summary>Record that the agent confirmed their understanding of the requirement with the customer, and how.</summary>
public sealed record ConfirmRequirementRequest([property: Required, StringLength(200, MinimumLength = 1)] string How);

/// <summary>
/// One change applied to many cases in one transaction: all of them change or none does. Give any of assign, status,
/// addTags, removeTags.
/// </summary>
public sealed record BulkCaseRequest(
    [property: Required] List<Guid> Ids,
    AssignCaseRequest? Assign = null,
    CaseStatus? Status = null,
    List<string>? AddTags = null,
    List<string>? RemoveTags = null);

/// <summary>Define an organisation's own kind of case.</summary>
public sealed record CreateCaseKindRequest([property: Required, StringLength(100, MinimumLength = 1), NoControlCharacters] string Name);

public sealed record CaseKindDto(string Key, string Name, bool BuiltIn);

public sealed record CaseSummaryDto(
    Guid Id, string Number, Guid CustomerId, string CustomerName, string Kind, string Title, CaseStatus Status, CasePriority Priority,
    Guid? OwnerId, string? OwnerName, Guid? TeamId, IReadOnlyList<string> Tags, DateTime CreatedAt, DateTime UpdatedAt,
    DateTime? FirstResponseAt, DateTime? ResolvedAt, DateTime? LastCustomerUpdateAt);

public sealed record RequirementConfirmationDto(DateTime At, Guid ById, string ByName, string How);

public sealed record CaseNoteDto(Guid Id, Guid AuthorId, string AuthorName, string Text, DateTime At);

public sealed record LinkedConversationDto(Guid Id, string Subject, string Status, DateTime LastMessageAt, DateTime LinkedAt);

public sealed record FollowerDto(Guid UserId, string DisplayName);

public sealed record CaseDto(
    CaseSummaryDto Case, string Requirement, RequirementConfirmationDto? RequirementConfirmation,
    IReadOnlyList<LinkedConversationDto> Conversations, IReadOnlyList<FollowerDto> Followers, IReadOnlyList<CaseNoteDto> Notes);

/// <summary>The cases a bulk action changed.</summary>
public sealed record BulkCaseResultDto(IReadOnlyList<CaseSummaryDto> Cases);
