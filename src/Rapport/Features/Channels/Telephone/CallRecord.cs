using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Telephone;

public enum CallKind { Phone, Video }

public enum CallDirection { Inbound, Outbound }

/// <summary>How a call ended; <see cref="Offered"/> is a video meeting link sent and not (yet) held.</summary>
public enum CallOutcome { Answered, NoAnswer, Busy, Voicemail, Failed, Cancelled, InProgress, Offered }

/// <summary>The customer's answer when told the interaction is recorded or monitored (C9).</summary>
public enum ConsentAnswer { Agreed, Refused, NotAsked }

/// <summary>What may be done with a call's recording, given the customer's answer.</summary>
public enum RecordingState { None, Kept, NeedsReview, AgainstRefusal }

/// <summary>
/// The structured side of a call or video meeting; the call itself is a <see cref="Conversations.Message"/> in a
/// conversation (channel Phone or Video) whose text is the agent's notes, so search, promises, cases and the timeline treat
/// it like any message. Logged by an agent (<see cref="MessageId"/> set) or filled from a provider's voice and recording
/// callbacks (<see cref="ProviderCallId"/>, the message stored under the same id by ingestion). The recording consent
/// asked of the customer is kept here with the wording they heard; a refusal turns recording off.
/// </summary>
public sealed class CallRecord : IAudited
{
    public const int NotesMaxLength = 20_000;
    public const int WordingMaxLength = 2000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? MessageId { get; set; }
    /// <summary>The provider's call id (Twilio CallSid): the message ingestion stores for the call carries it as its provider id.</summary>
    public string? ProviderCallId { get; init; }
    public CallKind Kind { get; init; }
    public CallDirection Direction { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public DateTime? StartedAt { get; set; }
    public int? DurationSeconds { get; set; }
    public CallOutcome Outcome { get; set; }
    /// <summary>The settings said this kind of call is recorded / monitored when it was logged.</summary>
    public bool Recorded { get; set; }
    public bool Monitored { get; set; }
    public string? RecordingUrl { get; set; }
    public RecordingState Recording { get; set; }
    public string? MeetingUrl { get; init; }
    public ConsentAnswer? Consent { get; private set; }
    public string? ConsentWording { get; private set; }
    [FreeText]
    public string? ConsentNotAskedReason { get; private set; }
    public DateTime? ConsentAt { get; private set; }
    public Guid? ConsentById { get; private set; }
    public string? ConsentByName { get; private set; }
    public Guid? LoggedById { get; init; }
    public string? LoggedByName { get; init; }
    public DateTime CreatedAt { get; init; }

    /// <summary>
    /// Stores the customer's answer. A refusal turns recording off: a recording already made is flagged as made against
    /// it (to review and delete), never silently kept.
    /// </summary>
    public void Answer(ConsentAnswer answer, string? wording, string? notAskedReason, Guid? byId, string? byName, DateTime at)
    {
        Consent = answer;
        ConsentWording = wording;
        ConsentNotAskedReason = answer == ConsentAnswer.NotAsked ? notAskedReason : null;
        ConsentAt = at;
        ConsentById = byId;
        ConsentByName = byName;
        if (answer == ConsentAnswer.Refused)
        {
            Recorded = false;
        }

        Recording = RecordingStateFor(RecordingUrl);
    }

    /// <summary>A recording arrived (or was linked): what may be done with it follows the consent answer.</summary>
    public void AttachRecording(string url)
    {
        RecordingUrl = url;
        Recording = RecordingStateFor(url);
    }

    private RecordingState RecordingStateFor(string? url) => url is null ? RecordingState.None : Consent switch
    {
        ConsentAnswer.Agreed => RecordingState.Kept,
        ConsentAnswer.Refused => RecordingState.AgainstRefusal,
        _ => RecordingState.NeedsReview,
    };

    /// <summary>What the agent must know about the recording, or null when it may be kept.</summary>
    public string? RecordingWarning => Recording switch
    {
        RecordingState.AgainstRefusal =>
            $"Recorded against the customer's refusal (asked by {ConsentByName ?? "staff"}): review and delete the recording.",
        RecordingState.NeedsReview => Consent == ConsentAnswer.NotAsked
            ? $"Recording consent was not asked ({ConsentNotAskedReason}): review before keeping the recording."
            : "No recording consent is recorded for this call in Rapport: review before keeping the recording.",
        _ => null,
    };

    public string AuditSubjectType => "call";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "call";
}
