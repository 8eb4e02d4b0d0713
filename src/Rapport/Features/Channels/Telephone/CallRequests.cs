using System.ComponentModel.DataAnnotations;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Channels.Telephone;

/// <summary>
/// The customer's answer when told the call is recorded or monitored: agreed, refused, or notAsked with the reason
/// (e.g. "customer hung up before the notice").
/// </summary>
public sealed record ConsentAnswerRequest(ConsentAnswer Answer, [property: StringLength(500)] string? NotAskedReason = null);

/// <summary>
/// A call (or a video meeting held) to log. <c>direction</c> inbound or outbound; <c>number</c> is the customer's number
/// or SIP address (from their contact points when absent); <c>startedAt</c> defaults to now; <c>notes</c> become the
/// message text (searchable, promises proposed from it). <c>consent</c> is required when the settings mark this call type
/// as recorded or monitored. <c>caseId</c> links the call's conversation to that case.
/// </summary>
public sealed record LogCallRequest(
    [property: Required] CallDirection? Direction,
    [property: Required] CallOutcome? Outcome,
    [property: StringLength(CallRecord.NotesMaxLength)] string? Notes = null,
    CallKind Kind = CallKind.Phone,
    [property: StringLength(320), NoControlCharacters] string? Number = null,
    DateTimeOffset? StartedAt = null,
    [property: Range(0, 86_400)] int? DurationSeconds = null,
    [property: StringLength(2000)] string? RecordingUrl = null,
    ConsentAnswerRequest? Consent = null,
    Guid? CaseId = null,
    [property: StringLength(300), NoControlCharacters] string? Subject = null);

/// <summary>Offer the customer a video meeting; <c>message</c> is the text sent with the link (the link is added when it does not contain it).</summary>
public sealed record OfferVideoMeetingRequest([property: StringLength(2000)] string? Message = null);

/// <summary>Whether one call type is recorded and/or monitored.</summary>
public sealed record CallTypeSettingDto(bool Recorded, bool Monitored);

/// <summary>
/// Which call types are recorded or monitored, the wording agents read to the customer before such a call, and the video
/// meeting link template (an https URL containing <c>{{ id }}</c>; null turns video meetings off).
/// </summary>
public sealed record CallSettingsDto(
    [property: Required] CallTypeSettingDto InboundPhone,
    [property: Required] CallTypeSettingDto OutboundPhone,
    [property: Required] CallTypeSettingDto Video,
    [property: Required, StringLength(CallRecord.WordingMaxLength, MinimumLength = 1)] string ConsentWording,
    [property: StringLength(500)] string? VideoMeetingTemplate = null)
{
    public static CallSettingsDto From(CallSettings s) => new(
        new(s.RecordInboundPhone, s.MonitorInboundPhone), new(s.RecordOutboundPhone, s.MonitorOutboundPhone), new(s.RecordVideo, s.MonitorVideo),
        s.ConsentWording, s.VideoMeetingTemplate);
}

/// <summary>
/// A call or video meeting: its message (the notes) and conversation, direction, numbers, times, outcome, the recording
/// and what may be done with it, and the consent answer with the wording the customer heard.
/// </summary>
public sealed record CallDto(
    Guid Id, Guid? MessageId, Guid? ConversationId, Guid? CustomerId, CallKind Kind, CallDirection Direction, string? From, string? To,
    DateTime? StartedAt, int? DurationSeconds, CallOutcome Outcome, string? Notes, bool Recorded, bool Monitored, string? RecordingUrl,
    RecordingState Recording, string? RecordingWarning, string? MeetingUrl, ConsentAnswer? Consent, string? ConsentWording,
    string? ConsentNotAskedReason, DateTime? ConsentAt, string? ConsentByName, string? LoggedByName, DateTime CreatedAt, string Summary);

/// <summary>How many interactions got each consent answer in the period, by call type; <c>none</c>: recorded or monitored but no answer.</summary>
public sealed record ConsentReportRowDto(CallType Type, int Agreed, int Refused, int NotAsked, int None, int RecordingsAgainstRefusal);

public sealed record ConsentReportDto(DateTime From, DateTime To, IReadOnlyList<ConsentReportRowDto> Rows);

/// <summary>A number or SIP address to call a customer on: <c>Href</c> is its tel: or sip: link.</summary>
public sealed record CallableNumber(string Number, string Display, string Href, string? Label);
