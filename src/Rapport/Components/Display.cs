using System.Globalization;

namespace Rapport.Components;

/// <summary>
/// How the agent UI writes calendar dates (a date given without a time, e.g. a letter's date of receipt), in British
/// English. Instants are written for the viewer's time zone by <see cref="ViewerClock"/> (or the LocalTime component).
/// </summary>
public static class Display
{
    private static readonly CultureInfo EnGb = CultureInfo.GetCultureInfo("en-GB");

    public static string Date(DateTime at) => at.ToString("d MMM yyyy", EnGb);

    public static string Date(DateTime? at, string none = "—") => at is { } t ? Date(t) : none;

    /// <summary>"today", "yesterday", "5 days ago", "3 months ago".</summary>
    public static string Ago(DateTime at, DateTime now)
    {
        var days = (int)Math.Floor((now.Date - at.Date).TotalDays);
        return days switch
        {
            < 0 => Date(at),
            0 => "today",
            1 => "yesterday",
            < 31 => $"{days} days ago",
            < 365 => days / 30 == 1 ? "1 month ago" : $"{days / 30} months ago",
            _ => days / 365 == 1 ? "1 year ago" : $"{days / 365} years ago",
        };
    }

    /// <summary>"camelCaseName" → "camel case name", for field names in audit entries.</summary>
    public static string Words(string camel)
    {
        var chars = new List<char>(camel.Length + 8);
        foreach (var c in camel)
        {
            if (char.IsUpper(c) && chars.Count > 0 && chars[^1] != ' ' && chars[^1] != '.')
            {
                chars.Add(' ');
            }

            chars.Add(char.ToLowerInvariant(c));
        }

        return new string([.. chars]);
    }

    public static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
