using System.Globalization;

namespace Rapport.Components;

/// <summary>
/// How pages write instants for the person looking: in their time zone (their own choice, else the organisation's),
/// with the zone named by its offset ("5 Dec 2026, 09:03 GMT-5"). The records and the API keep UTC; only pages convert.
/// One per circuit (or request); <see cref="ViewerClockGate"/> sets the zone before a page renders.
/// </summary>
public sealed class ViewerClock
{
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    /// <summary>The zone; UTC until the viewer's is known (never a guess at another zone).</summary>
    public TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Whether the zone is the organisation's, not one the viewer chose.</summary>
    public bool IsOrganisations { get; private set; } = true;

    public bool IsSet { get; private set; }

    public void Use(TimeZoneInfo zone, bool isOrganisations)
    {
        Zone = zone;
        IsOrganisations = isOrganisations;
        IsSet = true;
    }

    /// <summary>"5 Dec 2026, 09:03 GMT-5".</summary>
    public string DateTime(DateTime utc) => Format(utc, Zone);

    public string DateTime(DateTimeOffset instant) => Format(instant.UtcDateTime, Zone);

    /// <summary>The viewer's calendar date of an instant: "5 Dec 2026" (a promise due at 00:00 UTC is the 4th in New York).</summary>
    public string Date(DateTime utc) => Local(utc, Zone).ToString("d MMM yyyy", EnGb);

    /// <summary>
    /// A date that may have been given without a time, such as "customer since" (imported or typed as a date, kept at
    /// midnight UTC; otherwise the instant the record was made): a value at exactly midnight UTC is that date as given,
    /// anything else the viewer's day of the instant. Only for such fields: a real instant at midnight is an instant.
    /// </summary>
    public string GivenDate(DateTime utc) =>
        (Utc(utc).TimeOfDay == TimeSpan.Zero ? Utc(utc) : Local(utc, Zone)).ToString("d MMM yyyy", EnGb);

    public string Date(DateTime? utc, string none = "—") => utc is { } t ? Date(t) : none;

    /// <summary>"today", "yesterday", "5 days ago", counted in the viewer's days.</summary>
    public string Ago(DateTime utc, DateTime nowUtc) => Display.Ago(Local(utc, Zone), Local(nowUtc, Zone));

    /// <summary>For a tooltip: the same instant in UTC and the zone's IANA id ("14:03 UTC · America/New_York").</summary>
    public string Detail(DateTime utc) =>
        $"{Utc(utc).ToString("d MMM yyyy, HH:mm", EnGb)} UTC · {Zone.Id}";

    public static string Format(DateTime utc, TimeZoneInfo zone) =>
        $"{Local(utc, zone).ToString("d MMM yyyy, HH:mm", EnGb)} {OffsetName(zone.GetUtcOffset(Utc(utc)))}";

    /// <summary>The machine-readable instant for a time element's datetime attribute: "2026-12-05T14:03:00Z".</summary>
    public static string Iso(DateTime utc) => Utc(utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTime Local(DateTime utc, TimeZoneInfo zone) => TimeZoneInfo.ConvertTimeFromUtc(Utc(utc), zone);

    /// <summary>The zone at an instant named by its offset, as CLDR's short localised form: "GMT", "GMT+1", "GMT-5", "GMT+5:30".</summary>
    public static string OffsetName(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero)
        {
            return "GMT";
        }

        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return abs.Minutes == 0
            ? $"GMT{sign}{abs.Hours.ToString(CultureInfo.InvariantCulture)}"
            : $"GMT{sign}{abs.Hours.ToString(CultureInfo.InvariantCulture)}:{abs.Minutes.ToString("00", CultureInfo.InvariantCulture)}";
    }

    // Stored times are UTC (the model converts them so); one given without a kind is taken as UTC, never as local.
    private static DateTime Utc(DateTime at) => at.Kind switch
    {
        DateTimeKind.Utc => at,
        DateTimeKind.Local => at.ToUniversalTime(),
        _ => System.DateTime.SpecifyKind(at, DateTimeKind.Utc),
    };
}
