using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.ServiceStandards;

/// <summary>
/// The organisation's business calendar (zone, weekly hours, holidays), as administrators set it. A single row; the hours
/// are stored as JSON because they are only ever read and written whole. (The delay explanation is a reply template.)
/// </summary>
public sealed class ServiceSettings : IAudited
{
    public static readonly Guid SingletonId = new("00000000-0000-0000-0000-000000000005");

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Guid Id { get; init; } = SingletonId;
    public string TimeZone { get; private set; } = "Europe/London";
    /// <summary>JSON: {"monday":["09:00-17:30"], …}.</summary>
    public string WeeklyHours { get; private set; } = "";
    /// <summary>JSON: [{"date":"2026-12-25","name":"Christmas","hours":[]}, …].</summary>
    public string Holidays { get; private set; } = "[]";

    public string AuditSubjectType => "organisation";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "service-settings";

    public static ServiceSettings FromCalendar(BusinessCalendar calendar)
    {
        var s = new ServiceSettings();
        s.SetCalendar(calendar);
        return s;
    }

    /// <summary>Stores a calendar; building it first is what validates the zone, intervals and holidays.</summary>
    public void SetCalendar(BusinessCalendar calendar)
    {
        var dto = CalendarDto.From(calendar);
        TimeZone = dto.TimeZone;
        WeeklyHours = JsonSerializer.Serialize(dto.WeeklyHours, Json);
        Holidays = JsonSerializer.Serialize(dto.Holidays, Json);
    }

    public BusinessCalendar ToCalendar() => new CalendarDto(TimeZone,
        JsonSerializer.Deserialize<Dictionary<string, List<string>>>(WeeklyHours, Json) ?? [],
        JsonSerializer.Deserialize<List<HolidayDto>>(Holidays, Json) ?? []).ToCalendar();

    /// <summary>The row, created from the default calendar (and tracked, to be saved) the first time it is needed.</summary>
    public static async Task<ServiceSettings> LoadAsync(RapportDbContext db, CancellationToken ct)
    {
        var settings = await db.Set<ServiceSettings>().FirstOrDefaultAsync(s => s.Id == SingletonId, ct);
        if (settings is null)
        {
            settings = FromCalendar(OrganisationCalendar.Default);
            db.Add(settings);
        }

        return settings;
    }
}

public sealed class ServiceSettingsConfiguration : IEntityTypeConfiguration<ServiceSettings>
{
    public void Configure(EntityTypeBuilder<ServiceSettings> b)
    {
        b.ToTable("service_settings");
        b.Property(s => s.TimeZone).HasMaxLength(100);
        b.Property(s => s.WeeklyHours).HasMaxLength(4000);
        b.Property(s => s.Holidays).HasMaxLength(100_000);
    }
}
