using Rapport.Infrastructure.Data;

namespace Rapport.Features.ServiceStandards;

/// <summary>
/// The organisation's working hours, holidays and time zone: what service-standard targets and promise due times are
/// measured in. Until administrators define their own, weekdays 09:00–17:30 in Europe/London.
/// </summary>
public static class OrganisationCalendar
{
    public static BusinessCalendar Default { get; } = BusinessCalendar.Weekdays(
        BusinessCalendar.FindZone("Europe/London"), new OpeningInterval(new TimeOnly(9, 0), new TimeOnly(17, 30)));

    public static Task<BusinessCalendar> LoadAsync(RapportDbContext db, CancellationToken ct)
    {
        _ = db;
        ct.ThrowIfCancellationRequested();
        return Task.FromResult(Default);
    }
}
