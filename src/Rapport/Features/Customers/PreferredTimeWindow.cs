using System.Globalization;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Customers;

/// <summary>Days of the week a customer prefers to be contacted on; none means any day.</summary>
[Flags]
public enum PreferredDays
{
    None = 0,
    Monday = 1,
    Tuesday = 2,
    Wednesday = 4,
    Thursday = 8,
    Friday = 16,
    Saturday = 32,
    Sunday = 64,
}

/// <summary>
/// The customer's preferred contact window (C2): some days, from one time of day until another, in the organisation's time
/// zone. An evening window may pass midnight (20:00–08:00). The free-text <see cref="CommunicationProfile.PreferredTimes"/>
/// says the rest; this is what Rapport can check before an agent contacts them.
/// </summary>
public static class PreferredTimeWindow
{
    private static readonly string[] DayNames = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

    public static PreferredDays Of(DayOfWeek day) => day == DayOfWeek.Sunday ? PreferredDays.Sunday : (PreferredDays)(1 << ((int)day - 1));

    /// <summary>Whether the profile names a window at all (days or hours).</summary>
    public static bool HasWindow(CommunicationProfile p) => p.PreferredDays != PreferredDays.None || p.PreferredFrom is not null;

    /// <summary>Whether <paramref name="utcNow"/> falls in the window; true when the profile names none.</summary>
    public static bool Contains(CommunicationProfile p, DateTime utcNow, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utcNow, DateTimeKind.Utc), zone);
        var time = TimeOnly.FromDateTime(local);
        var day = local.DayOfWeek;
        if (p.PreferredFrom is { } from && p.PreferredUntil is { } until && from > until && time < until)
        {
            // The early hours of an evening window belong to the day it started.
            day = local.AddDays(-1).DayOfWeek;
        }

        if (p.PreferredDays != PreferredDays.None && (p.PreferredDays & Of(day)) == 0)
        {
            return false;
        }

        return p.PreferredFrom is not { } start || p.PreferredUntil is not { } end
            || (start < end ? time >= start && time < end : time >= start || time < end);
    }

    /// <summary>"Mon, Tue, Fri 09:00–17:00"; null when there is no window.</summary>
    public static string? Describe(CommunicationProfile p)
    {
        if (!HasWindow(p))
        {
            return null;
        }

        var days = p.PreferredDays == PreferredDays.None ? "any day"
            : string.Join(", ", Enum.GetValues<PreferredDays>().Where(d => d != PreferredDays.None && p.PreferredDays.HasFlag(d)).Select(d => d.ToString()[..3]));
        var hours = p.PreferredFrom is { } from && p.PreferredUntil is { } until
            ? $" {from.ToString("HH:mm", CultureInfo.InvariantCulture)}–{until.ToString("HH:mm", CultureInfo.InvariantCulture)}" : "";
        return days + hours;
    }

    /// <summary>Reads day names ("monday", "Mon") into a set; a name that is no day is refused naming its index.</summary>
    public static PreferredDays ParseDays(IReadOnlyList<string>? names, string field)
    {
        var days = PreferredDays.None;
        for (var i = 0; i < (names?.Count ?? 0); i++)
        {
            var name = names![i]?.Trim().ToLowerInvariant() ?? "";
            var index = name.Length >= 3 ? Array.FindIndex(DayNames, d => d.StartsWith(name, StringComparison.Ordinal)) : -1;
            if (index < 0)
            {
                throw new InvalidInputException($"{field}[{i}]", $"'{names[i]}' is not a day of the week (monday … sunday).");
            }

            days |= (PreferredDays)(1 << index);
        }

        return days;
    }

    /// <summary>Reads "HH:mm" (24-hour); null for nothing.</summary>
    public static TimeOnly? ParseTime(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return TimeOnly.TryParseExact(value.Trim(), ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            ? time
            : throw new InvalidInputException(field, $"'{value}' is not a time of day; write it as HH:mm, e.g. 09:30 or 18:00.");
    }

    public static IReadOnlyList<string> DayList(PreferredDays days) =>
        Enum.GetValues<PreferredDays>().Where(d => d != PreferredDays.None && days.HasFlag(d)).Select(d => d.ToString().ToLowerInvariant()).ToList();

    public static string? TimeText(TimeOnly? time) => time?.ToString("HH:mm", CultureInfo.InvariantCulture);
}
