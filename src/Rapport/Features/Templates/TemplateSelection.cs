using Rapport.Features.Customers;

namespace Rapport.Features.Templates;

/// <summary>
/// Which template fits a reply best: the customer's language before the organisation's default (an exact tag before the
/// same language of another region: fr-FR before fr-CA for a customer speaking fr-FR, fr-CA before nothing), then the
/// reply's channel before "any". A template for another channel never fits; when no template is in either language,
/// any language will do rather than nothing (a built-in text must always come from somewhere).
/// </summary>
public static class TemplateSelection
{
    public static ReplyTemplate? Best(IEnumerable<ReplyTemplate> candidates, TemplatePurpose purpose, Channel channel, string? customerLanguage,
        string defaultLanguage) =>
        Ranked(candidates.Where(t => t.Purpose == purpose), channel, customerLanguage, defaultLanguage).FirstOrDefault();

    /// <summary>The templates fitting <paramref name="channel"/>, best first.</summary>
    public static IEnumerable<ReplyTemplate> Ranked(IEnumerable<ReplyTemplate> candidates, Channel channel, string? customerLanguage, string defaultLanguage) =>
        candidates.Where(t => t.Channel == Channel.None || t.Channel == channel)
            .OrderByDescending(t => LanguageScore(t.Language, customerLanguage, defaultLanguage))
            .ThenByDescending(t => t.Channel == channel && channel != Channel.None)
            .ThenBy(t => t.BuiltIn)
            .ThenBy(t => t.Name, StringComparer.Ordinal);

    private static int LanguageScore(string template, string? customer, string organisation) =>
        Matches(template, customer) switch
        {
            2 => 4,
            1 => 3,
            _ => Matches(template, organisation) switch { 2 => 2, 1 => 1, _ => 0 },
        };

    /// <summary>2 for the same tag, 1 for the same language (first subtag), 0 otherwise.</summary>
    private static int Matches(string template, string? wanted)
    {
        if (string.IsNullOrWhiteSpace(wanted))
        {
            return 0;
        }

        if (string.Equals(template, wanted.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return 2;
        }

        return string.Equals(template.Split('-')[0], wanted.Trim().Split('-')[0], StringComparison.OrdinalIgnoreCase) ? 1 : 0;
    }
}
