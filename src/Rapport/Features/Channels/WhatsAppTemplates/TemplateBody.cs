using System.Text.RegularExpressions;

namespace Rapport.Features.Channels.WhatsAppTemplates;

/// <summary>A template body's numbered parameters ({{1}}, {{2}}…): how many there are, and the body filled in.</summary>
public static partial class TemplateBody
{
    public static int ParameterCount(string body) =>
        Parameter().Matches(body).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(0).Max();

    /// <summary>The body as the customer reads it: each {{n}} replaced by the n-th parameter.</summary>
    public static string Fill(string body, IReadOnlyList<string> parameters) =>
        Parameter().Replace(body, m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var n && n >= 1 && n <= parameters.Count
            ? parameters[n - 1] : m.Value);

    /// <summary>Numbers must run 1, 2, 3… without gaps, as WhatsApp requires.</summary>
    public static bool NumberedInOrder(string body)
    {
        var numbers = Parameter().Matches(body).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order().ToList();
        return numbers.Select((n, i) => n == i + 1).All(ok => ok);
    }

    [GeneratedRegex(@"\{\{\s*(\d{1,2})\s*\}\}")]
    private static partial Regex Parameter();
}
