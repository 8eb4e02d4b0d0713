namespace Rapport.Features.Conversations;

/// <summary>
/// Masks payment card numbers (13–19 digits, optionally grouped by spaces or dashes, passing the Luhn check) so that
/// they are never stored in clear (C23). The last four digits stay visible so agents can still refer to the card.
/// </summary>
public static class CardNumbers
{
    private const int MinDigits = 13;
    private const int MaxDigits = 19;

    /// <summary>
    /// Linear scan rather than a regular expression: a regex needs a timeout against backtracking, and a timeout under
    /// load would refuse a customer's message.
    /// </summary>
    public static string? Mask(string? text)
    {
        if (string.IsNullOrEmpty(text) || text.Count(char.IsAsciiDigit) < MinDigits)
        {
            return text;
        }

        char[]? masked = null;
        var groups = new List<(int Start, int End)>();
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiDigit(text[i]))
            {
                i++;
                continue;
            }

            // A maximal run of digit groups joined by single spaces or dashes: "4111 1111-1111 1111".
            groups.Clear();
            while (true)
            {
                var start = i;
                while (i < text.Length && char.IsAsciiDigit(text[i]))
                {
                    i++;
                }

                groups.Add((start, i));
                if (i + 1 < text.Length && text[i] is ' ' or '-' && char.IsAsciiDigit(text[i + 1]))
                {
                    i++;
                    continue;
                }

                break;
            }

            MaskCards(text, groups, ref masked);
        }

        return masked is null ? text : new string(masked);
    }

    /// <summary>Masks the longest Luhn-valid card number made of whole consecutive groups, left to right.</summary>
    private static void MaskCards(string text, List<(int Start, int End)> groups, ref char[]? masked)
    {
        var first = 0;
        while (first < groups.Count)
        {
            var last = first;
            var digits = groups[first].End - groups[first].Start;
            while (last + 1 < groups.Count && digits + groups[last + 1].End - groups[last + 1].Start <= MaxDigits)
            {
                last++;
                digits += groups[last].End - groups[last].Start;
            }

            var found = false;
            for (; last >= first && digits >= MinDigits; last--)
            {
                if (digits <= MaxDigits && Luhn(DigitsOf(text, groups[first].Start, groups[last].End)))
                {
                    masked ??= text.ToCharArray();
                    Hide(masked, groups[first].Start, groups[last].End);
                    found = true;
                    break;
                }

                digits -= groups[last].End - groups[last].Start;
            }

            first = found ? last + 1 : first + 1;
        }
    }

    private static string DigitsOf(string text, int start, int end) =>
        string.Concat(text.AsSpan(start, end - start).ToArray().Where(char.IsAsciiDigit));

    /// <summary>Replaces every digit but the last four with a bullet; separators stay.</summary>
    private static void Hide(char[] chars, int start, int end)
    {
        var kept = 0;
        for (var k = end - 1; k >= start; k--)
        {
            if (char.IsAsciiDigit(chars[k]) && kept++ >= 4)
            {
                chars[k] = '•';
            }
        }
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
