using System.Globalization;

namespace Rapport.Features.Templates;

/// <summary>Times as a customer reads them: in the organisation's zone, with day and month names in the customer's language.</summary>
public static class TemplateDates
{
    public static string Format(DateTime utc, TimeZoneInfo zone, string? language)
    {
        var local = TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone);
        var culture = TemplateRenderer.CultureFor(language);
        // English keeps the wording Rapport always used ("Monday 7 December at 17:30"); other languages their own names.
        return culture.TwoLetterISOLanguageName is "en" or "iv"
            ? local.ToString("dddd d MMMM 'at' HH:mm", CultureInfo.InvariantCulture)
            : local.ToString("dddd d MMMM HH:mm", culture);
    }
}
