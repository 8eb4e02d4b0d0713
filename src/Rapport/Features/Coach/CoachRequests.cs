using System.ComponentModel.DataAnnotations;

namespace Rapport.Features.Coach;

/// <summary>
/// A draft to check. Give the conversation it answers so the coach knows the customer (name, technical awareness,
/// language), their last message and whether it belongs to an open complaint; without one, only the draft is checked.
/// </summary>
public sealed record CheckDraftRequest([property: Required, StringLength(CoachService.MaxDraftLength)] string Text, Guid? ConversationId = null);

/// <summary>
/// One suggestion: the check that fired, what to do, why, where in the draft it applies ([start, start + length) in
/// UTF-16 code units; length 0 = a place to insert) and, when the fix is mechanical, the replacement for that span.
/// </summary>
public sealed record CoachSuggestionDto(string Check, string Message, string Why, int Start, int Length, string? Replacement)
{
    public static CoachSuggestionDto From(CoachSuggestion s) => new(s.Check, s.Message, s.Why, s.Start, s.Length, s.Replacement);
}

/// <summary>The suggestions for a draft, and what the coach knew when it checked.</summary>
public sealed record CoachCheckDto(IReadOnlyList<CoachSuggestionDto> Suggestions, string? CustomerName, string? TechnicalAwareness, bool CustomerUpset,
    IReadOnlyList<string> UpsetBecause, bool Complaint);

/// <summary>The organisation's glossary: jargon terms and the plain words to use instead.</summary>
public sealed record GlossaryDto([property: Required] IReadOnlyList<GlossaryTermDto> Terms, bool IsDefault = false);

public sealed record GlossaryTermDto([property: Required, StringLength(Glossary.MaxLength, MinimumLength = 1)] string Term,
    [property: Required, StringLength(Glossary.MaxLength, MinimumLength = 1)] string Plain);
