using System.Globalization;
using System.Text.RegularExpressions;

namespace Rapport.Infrastructure.Api;

/// <summary>BCP 47 language tags as requests give them and as Rapport stores them.</summary>
public static partial class LanguageTags
{
    public const int MaxLength = 35;

    /// <summary>A tag .NET knows, in its canonical spelling ("fr-fr" → "fr-FR"), or a problem naming <paramref name="field"/>.</summary>
    public static string Normalise(string? tag, string field)
    {
        tag = tag?.Trim();
        if (string.IsNullOrEmpty(tag) || tag.Length > MaxLength || !Shape().IsMatch(tag))
        {
            throw new InvalidInputException(field, "Give a BCP 47 language tag such as en-GB, fr-FR or de.");
        }

        CultureInfo? culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(tag, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            culture = null;
        }

        return culture is { Name.Length: > 0 }
            ? culture.Name
            : throw new InvalidInputException(field, $"'{tag}' is not a language Rapport knows; give a BCP 47 tag such as en-GB, fr-FR or de.");
    }

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex Shape();
}
