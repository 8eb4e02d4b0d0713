using Rapport.Features.Conversations;

namespace Rapport.Features.Channels.Letters;

/// <summary>
/// A letter that came in the post: what it says (<paramref name="Summary"/>, required, and a transcription if typed),
/// when it arrived (<paramref name="ReceivedOn"/>, today when absent), the date and reference written on it.
/// </summary>
public sealed record LogLetterRequest(string? Summary, DateOnly? ReceivedOn = null, DateOnly? DatedOn = null, string? Reference = null,
    string? Transcription = null, string? Subject = null);

/// <summary>
/// A letter to write: <paramref name="Text"/> as given, or the template <paramref name="TemplateId"/> rendered for the
/// customer (the built-in "Letter" template when neither is given). <paramref name="LargePrint"/> absent follows the
/// customer's communication profile.
/// </summary>
public sealed record DraftLetterRequest(Guid? TemplateId = null, string? Text = null, bool? LargePrint = null, string? Reference = null);

/// <summary>
/// A letter: its message (in the conversation and on the timeline) and what only a letter has. Outbound letters are
/// drafts until <see cref="PostedAt"/>; <see cref="PrintUrl"/> opens the printable page.
/// </summary>
public sealed record LetterDto(
    Guid Id, Guid ConversationId, Guid CustomerId, MessageDirection Direction, string Text, DateTime At, DateOnly? ReceivedOn, DateOnly? DatedOn,
    string? Reference, bool LargePrint, string? PostalAddress, DateTime? PostedAt, string? PostedByName, string? AuthorName,
    IReadOnlyList<AttachmentDto> Scan, string? PrintUrl, string? PrintPage);

/// <summary>The multipart form of an inbound letter as the OpenAPI document describes it.</summary>
public sealed record LetterForm(IFormFileCollection Scan, string Summary, DateOnly? ReceivedOn, DateOnly? DatedOn, string? Reference, string? Transcription);
