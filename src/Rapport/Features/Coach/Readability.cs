using System.Text.RegularExpressions;

namespace Rapport.Features.Coach;

/// <summary>
/// Reading ease of a text: Flesch (1948) for English, 206.835 − 1.015 × words per sentence − 84.6 × syllables per word;
/// Kandel and Moles (1958) for French, 207 − 1.015 × words per sentence − 73.6 × syllables per word. Both read 0 (very
/// hard) to 100 (very easy); 60–70 is plain language. Syllables are counted by rule (vowel groups, silent endings), which
/// is within one syllable for most words and good enough for a score over a whole message.
/// </summary>
public static partial class Readability
{
    public sealed record Score(double Ease, int Words, int Sentences, int Syllables, string Language);

    public static Score Measure(string text, string language)
    {
        var french = language == "fr";
        int words = 0, syllables = 0, sentences = 0;
        foreach (Match s in SentenceRun().Matches(text))
        {
            var inSentence = 0;
            foreach (Match w in Word().Matches(s.Value))
            {
                inSentence++;
                syllables += french ? FrenchSyllables(w.Value) : EnglishSyllables(w.Value);
            }

            if (inSentence > 0)
            {
                words += inSentence;
                sentences++;
            }
        }

        if (words == 0)
        {
            return new Score(100, 0, 0, 0, language);
        }

        var wps = words / (double)sentences;
        var spw = syllables / (double)words;
        var ease = french ? 207 - 1.015 * wps - 73.6 * spw : 206.835 - 1.015 * wps - 84.6 * spw;
        return new Score(Math.Round(Math.Clamp(ease, 0, 120), 1), words, sentences, syllables, language);
    }

    /// <summary>"fr" when the text reads as French (more French than English function words), else "en".</summary>
    public static string Language(string text, string? customerLanguage)
    {
        int fr = FrenchWords().Count(text), en = EnglishWords().Count(text);
        if (fr == en && customerLanguage is { Length: >= 2 })
        {
            return customerLanguage.StartsWith("fr", StringComparison.OrdinalIgnoreCase) ? "fr" : "en";
        }

        return fr > en ? "fr" : "en";
    }

    public static int EnglishSyllables(string word)
    {
        var w = word.ToLowerInvariant();
        if (w.Length <= 3)
        {
            return 1;
        }

        if (w.Any(char.IsDigit))
        {
            return Math.Max(1, w.Count(char.IsDigit)); // "2026" is read as several syllables; a rough count is enough
        }

        // Silent endings: "-es", "-ed" (not after t/d), and a final "e" (not "-le" after a consonant).
        w = SilentEnglishEnding().Replace(w, "");
        var count = EnglishVowelGroups().Count(w);
        // "-ia", "-io" (e.g. "period", "variation" is handled as one group otherwise) and "-eo" split into two.
        count += TwoVowelsTwoSyllables().Count(w);
        return Math.Max(1, count);
    }

    public static int FrenchSyllables(string word)
    {
        var w = word.ToLowerInvariant();
        if (w.Any(char.IsDigit))
        {
            return Math.Max(1, w.Count(char.IsDigit));
        }

        // A final mute "e"/"es" and the verb ending "-ent" after a consonant are not heard.
        if (w.Length > 3)
        {
            w = SilentFrenchEnding().Replace(w, "");
        }

        return Math.Max(1, FrenchVowelGroups().Count(w));
    }

    // Sentences: runs of text up to . ! ? … or a line break.
    [GeneratedRegex(@"[^.!?…\r\n]+")]
    private static partial Regex SentenceRun();

    [GeneratedRegex(@"[\p{L}\d][\p{L}\d'’-]*")]
    private static partial Regex Word();

    [GeneratedRegex(@"(?:(?<=[^aeiouy])es|(?<=[^aeiouytd])ed|(?<=[^l])e|(?<=[aeiouy]l)e)$")]
    private static partial Regex SilentEnglishEnding();

    [GeneratedRegex(@"[aeiouy]+")]
    private static partial Regex EnglishVowelGroups();

    [GeneratedRegex(@"[^aeiou](?:ia|io|eo|ua|uo)|ie(?=r|st)|ea(?=t(?:e|ive))")]
    private static partial Regex TwoVowelsTwoSyllables();

    [GeneratedRegex(@"(?:(?<=[^aeiouyéèêàâîïôûù])ent|(?<=\w)es|(?<=\w)e)$")]
    private static partial Regex SilentFrenchEnding();

    [GeneratedRegex(@"[aeiouyàâäéèêëîïôöûùüœæ]+")]
    private static partial Regex FrenchVowelGroups();

    [GeneratedRegex(@"\b(?:le|la|les|vous|nous|est|une|des|pour|avec|votre|vos|dans|sur|pas|que|qui|je|bonjour|merci)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FrenchWords();

    [GeneratedRegex(@"\b(?:the|you|we|is|are|and|for|with|your|this|that|to|of|in|on|it|hello|thanks)\b", RegexOptions.IgnoreCase)]
    private static partial Regex EnglishWords();
}
