namespace Rapport.Features.Templates;

/// <summary>
/// The greetings organisations wrote before templates, in the old <c>{firstName}</c> syntax (organisation settings), and
/// how each becomes the Liquid body of its built-in greeting template. The migration that retired the setting runs the
/// same replacements in SQL (<see cref="ConvertedSql"/>), so a customised greeting is carried over, not lost.
/// </summary>
public static class LegacyGreeting
{
    /// <summary>The old placeholders and the template placeholders that say the same.</summary>
    public static readonly IReadOnlyList<(string Old, string Liquid)> Placeholders =
    [
        ("{name}", "{{ customer.name }}"),
        ("{firstName}", "{{ customer.first_name }}"),
        ("{since}", "{{ customer.since }}"),
        ("{tenure}", "{{ customer.tenure }}"),
        ("{organisation}", "{{ organisation.name }}"),
    ];

    /// <summary>The defaults of the old settings: an organisation that kept them gets the built-in templates as they are.</summary>
    public const string OldReturningDefault = "Welcome back, {firstName}! Thank you for being with us since {since}.";

    public const string OldFirstContactDefault = "Hello, and thank you for contacting {organisation}.";

    public static string ToLiquid(string greeting) =>
        Placeholders.Aggregate(greeting.Trim(), (text, p) => text.Replace(p.Old, p.Liquid, StringComparison.Ordinal));

    /// <summary>
    /// SQL (SQLite and PostgreSQL alike) that sets the body of the built-in template <paramref name="templateName"/> to
    /// the converted <paramref name="column"/> of organisation_settings, when the organisation changed it from
    /// <paramref name="oldDefault"/>. One already holding Liquid tags ({{, {%) would not read as its writer meant, so the
    /// built-in text stays for it.
    /// </summary>
    public static string ConvertedSql(string column, string oldDefault, string templateName)
    {
        var converted = Placeholders.Aggregate($"TRIM(o.\"{column}\")", (sql, p) => $"REPLACE({sql}, '{p.Old}', '{p.Liquid}')");
        var customised = $"o.\"{column}\" <> '{oldDefault.Replace("'", "''", StringComparison.Ordinal)}' AND TRIM(o.\"{column}\") <> ''"
            + $" AND o.\"{column}\" NOT LIKE '%{{{{%' AND o.\"{column}\" NOT LIKE '%{{!%%' ESCAPE '!'";
        return $"UPDATE reply_templates SET \"Body\" = (SELECT {converted} FROM organisation_settings o WHERE {customised} LIMIT 1) "
            + $"WHERE \"Name\" = '{templateName}' AND EXISTS (SELECT 1 FROM organisation_settings o WHERE {customised});";
    }
}
