using System.Text;
using System.Text.RegularExpressions;

namespace Rapport.Features.Conversations;

/// <summary>
/// Masks payment card numbers (13–19 digits, optionally grouped by spaces or dashes, passing the Luhn check) so that
/// they are never stored in clear (C23). The last four digits stay visible so agents can still refer to the card.
/// </summary>
public static partial class CardNumbers
{
    [GeneratedRegex(@"(?<![\d])\d(?:[ \-]?\d){12,18}(?![\d])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Candidate();

    public static string? Mask(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Count(char.IsAsciiDigit) < 13)
        {
            return text;
        }

        return Candidate().Replace(text, m =>
        {
            var digits = string.Concat(m.Value.Where(char.IsAsciiDigit));
            if (!Luhn(digits))
            {
                return m.Value;
            }

            var kept = 0;
            var masked = new StringBuilder(m.Value.Length);
            for (var i = m.Value.Length - 1; i >= 0; i--)
            {
                var c = m.Value[i];
                masked.Insert(0, char.IsAsciiDigit(c) && kept++ >= 4 ? '•' : c);
            }

            return masked.ToString();
        });
    }

    public static bool Luhn(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9) d -= 9;
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }
}
