using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Telephone;

/// <summary>The kinds of interaction an administrator marks as recorded or monitored.</summary>
public enum CallType { InboundPhone, OutboundPhone, Video }

/// <summary>
/// The organisation's call settings, one row: which call types are recorded or monitored, the words an agent reads to
/// inform the customer (C9), and the video meeting link template.
/// </summary>
public sealed class CallSettings : IAudited
{
    public static readonly Guid SingletonId = new("00000000-0000-0000-0000-0000000000c9");
    public const string DefaultWording =
        "This call may be recorded and monitored for quality and training. Are you happy for us to record it?";
    public const string IdPlaceholder = "{{ id }}";

    public Guid Id { get; init; } = SingletonId;
    public bool RecordInboundPhone { get; set; }
    public bool MonitorInboundPhone { get; set; }
    public bool RecordOutboundPhone { get; set; }
    public bool MonitorOutboundPhone { get; set; }
    public bool RecordVideo { get; set; }
    public bool MonitorVideo { get; set; }
    public string ConsentWording { get; set; } = DefaultWording;
    /// <summary>An https URL with <see cref="IdPlaceholder"/> where each meeting's own id goes; null: video meetings are not offered.</summary>
    public string? VideoMeetingTemplate { get; set; }

    /// <summary>Takes the administrator's settings; a template that is not an https URL with the id placeholder is refused.</summary>
    public void Apply(CallSettingsDto request)
    {
        var template = CallService.ValidTemplate(request.VideoMeetingTemplate);
        (RecordInboundPhone, MonitorInboundPhone) = (request.InboundPhone.Recorded, request.InboundPhone.Monitored);
        (RecordOutboundPhone, MonitorOutboundPhone) = (request.OutboundPhone.Recorded, request.OutboundPhone.Monitored);
        (RecordVideo, MonitorVideo) = (request.Video.Recorded, request.Video.Monitored);
        ConsentWording = request.ConsentWording.Trim();
        VideoMeetingTemplate = template;
    }

    public (bool Recorded, bool Monitored) For(CallType type) => type switch
    {
        CallType.InboundPhone => (RecordInboundPhone, MonitorInboundPhone),
        CallType.OutboundPhone => (RecordOutboundPhone, MonitorOutboundPhone),
        _ => (RecordVideo, MonitorVideo),
    };

    public static CallType TypeOf(CallKind kind, CallDirection direction) =>
        kind == CallKind.Video ? CallType.Video : direction == CallDirection.Inbound ? CallType.InboundPhone : CallType.OutboundPhone;

    /// <summary>The settings to act on (untracked; the defaults — nothing recorded, no video template — until an administrator saves some).</summary>
    public static async Task<CallSettings> ReadAsync(RapportDbContext db, CancellationToken ct) =>
        await db.Set<CallSettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == SingletonId, ct) ?? new CallSettings();

    /// <summary>The settings row to change (tracked), created with defaults the first time: for the administrator's update only.</summary>
    public static async Task<CallSettings> LoadAsync(RapportDbContext db, CancellationToken ct)
    {
        var settings = await db.Set<CallSettings>().FirstOrDefaultAsync(s => s.Id == SingletonId, ct);
        if (settings is null)
        {
            settings = new CallSettings();
            db.Add(settings);
        }

        return settings;
    }

    public string AuditSubjectType => "organisation";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "callSettings";
}
