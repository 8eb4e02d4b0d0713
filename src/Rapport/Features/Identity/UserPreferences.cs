using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Features.ServiceStandards;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity;

/// <summary>
/// The signed-in person's preferences. timeZone: the IANA zone they chose to see times in, null for the organisation's;
/// effectiveTimeZone: the zone their pages use; organisationTimeZone: the organisation's (the service calendar's zone).
/// Times in API answers stay in UTC whatever is chosen.
/// </summary>
public sealed record PreferencesDto(string? TimeZone, string EffectiveTimeZone, string OrganisationTimeZone);

/// <summary>Replace the preferences. timeZone: an IANA zone such as America/New_York, or null to use the organisation's.</summary>
public sealed record UpdatePreferencesRequest([property: StringLength(TimeZones.IdMaxLength)] string? TimeZone = null);

/// <summary>Reads and changes a person's own preferences (for now the time zone they see times in). Changes are audited.</summary>
public sealed class UserPreferences(RapportDbContext db, AuditContext audit)
{
    /// <summary>Null: no such user.</summary>
    public async Task<PreferencesDto?> GetAsync(Guid userId, CancellationToken ct)
    {
        var chosen = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.TimeZone }).FirstOrDefaultAsync(ct);
        return chosen is null ? null : await DtoAsync(chosen.TimeZone, ct);
    }

    /// <summary>Sets (or with null, clears) the person's time zone. An unknown zone is bad input naming timeZone; nothing is written.</summary>
    public async Task<PreferencesDto?> SetTimeZoneAsync(Guid userId, string? timeZone, CancellationToken ct)
    {
        var id = timeZone is null ? null : TimeZones.Find(timeZone).Id;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
        if (user is null)
        {
            return null;
        }

        if (user.TimeZone != id)
        {
            audit.Record("user.timeZoneChanged", "user", userId, new { from = user.TimeZone, to = id });
            user.TimeZone = id;
            await db.SaveChangesAsync(ct);
        }

        return await DtoAsync(id, ct);
    }

    /// <summary>The zone the person sees times in: their own choice, else the organisation's.</summary>
    public async Task<TimeZoneInfo> ZoneOfAsync(Guid userId, CancellationToken ct)
    {
        var chosen = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TimeZone).FirstOrDefaultAsync(ct);
        return TimeZones.TryFind(chosen) ?? await OrganisationZoneAsync(ct);
    }

    public async Task<TimeZoneInfo> OrganisationZoneAsync(CancellationToken ct) => (await OrganisationCalendar.LoadAsync(db, ct)).TimeZone;

    private async Task<PreferencesDto> DtoAsync(string? chosen, CancellationToken ct)
    {
        var organisation = await OrganisationZoneAsync(ct);
        return new PreferencesDto(chosen, (TimeZones.TryFind(chosen) ?? organisation).Id, organisation.Id);
    }
}
