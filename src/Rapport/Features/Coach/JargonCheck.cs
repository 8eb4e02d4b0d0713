namespace Rapport.Features.Coach;

/// <summary>
/// Standard 000 B6 (avoid jargon): every term of the organisation's glossary in the agent's own words, with its plain
/// alternative as a one-click replacement (capitalised at the start of a sentence).
/// </summary>
public static class JargonCheck
{
    public static IEnumerable<CoachSuggestion> Run(DraftParts draft, CoachContext context)
    {
        foreach (var (start, length, found, plain) in context.Glossary.Find(draft.Own))
        {
            var capitalise = StartsSentence(draft.Own, start) || (char.IsUpper(found[0]) && found.Skip(1).Any(char.IsLower));
            var replacement = capitalise ? char.ToUpperInvariant(plain[0]) + plain[1..] : plain;
            yield return new CoachSuggestion(CoachChecks.Jargon, $"Say \"{replacement}\" instead of \"{found}\"",
                $"\"{found}\" is in the organisation's glossary as jargon; customers may not know it (standard 000 B6).",
                start, length, replacement);
        }
    }

    private static bool StartsSentence(string text, int at)
    {
        var i = at - 1;
        while (i >= 0 && text[i] is ' ' or '\t')
        {
            i--;
        }

        return i < 0 || text[i] is '.' or '!' or '?' or '\n' or '\r' or ':';
    }
}
