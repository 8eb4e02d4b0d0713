using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Feedback;

/// <summary>Which survey follows a resolved case, whether it asks for a comment, and how often a customer may be asked. A single row.</summary>
public sealed class SurveySettings : IAudited
{
    public static readonly Guid SingletonId = new("00000000-0000-0000-0000-000000000024");
    public const int DefaultQuietDays = 30;
    public const int DefaultLinkDays = 14;

    public Guid Id { get; init; } = SingletonId;
    public bool Enabled { get; private set; } = true;
    public SurveyKind Kind { get; private set; } = SurveyKind.Csat;
    public bool AskComment { get; private set; } = true;
    /// <summary>A customer is not surveyed again within this many days of the last survey sent to them.</summary>
    public int QuietDays { get; private set; } = DefaultQuietDays;
    /// <summary>How long a survey link stays valid.</summary>
    public int LinkDays { get; private set; } = DefaultLinkDays;

    public string AuditSubjectType => "organisation";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "surveySettings";

    /// <summary>The settings (untracked defaults when never saved).</summary>
    public static async Task<SurveySettings> ReadAsync(RapportDbContext db, CancellationToken ct) =>
        await db.Set<SurveySettings>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == SingletonId, ct) ?? new SurveySettings();

    public void Change(bool enabled, SurveyKind kind, bool askComment, int quietDays, int linkDays)
    {
        if (quietDays is < 0 or > 3650)
        {
            throw new InvalidInputException("quietDays", "Days between surveys to one customer is from 0 to 3650.");
        }

        if (linkDays is < 1 or > 365)
        {
            throw new InvalidInputException("linkDays", "A survey link is valid for 1 to 365 days.");
        }

        (Enabled, Kind, AskComment, QuietDays, LinkDays) = (enabled, kind, askComment, quietDays, linkDays);
    }
}
