using Rapport.Infrastructure.Api;

namespace Rapport.Features.Identity;

/// <summary>The time zones a person may choose to see times in: IANA ids from the system's tz database.</summary>
public static class TimeZones
{
    public const int IdMaxLength = 100;

    private static readonly Lazy<IReadOnlyList<string>> Ids = new(() =>
        [.. TimeZoneInfo.GetSystemTimeZones().Where(z => z.HasIanaId).Select(z => z.Id).Order(StringComparer.Ordinal)]);

    /// <summary>Every zone id offered, sorted ("Africa/Abidjan" … "UTC").</summary>
    public static IReadOnlyList<string> All => Ids.Value;

    /// <summary>
    /// The zone an id names, as its IANA zone (a Windows id such as "Eastern Standard Time" is taken as its IANA
    /// equivalent); an unknown or empty id is bad input naming <paramref name="field"/>.
    /// </summary>
    public static TimeZoneInfo Find(string? id, string field = "timeZone")
    {
        var given = id?.Trim() ?? "";
        if (given.Length is 0 or > IdMaxLength)
        {
            throw new InvalidInputException(field, "Give an IANA time zone such as Europe/London or America/New_York.");
        }

        var zone = ServiceStandards.BusinessCalendar.FindZone(given, field);
        if (!zone.HasIanaId && TimeZoneInfo.TryConvertWindowsIdToIanaId(zone.Id, out var iana))
        {
            zone = ServiceStandards.BusinessCalendar.FindZone(iana, field);
        }

        return zone;
    }

    /// <summary>The zone of a stored id, or null when the system no longer knows it (its tz database changed).</summary>
    public static TimeZoneInfo? TryFind(string? id)
    {
        try
        {
            return string.IsNullOrWhiteSpace(id) ? null : Find(id);
        }
        catch (InvalidInputException)
        {
            return null;
        }
    }
}
