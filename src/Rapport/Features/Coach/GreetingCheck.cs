using System.Text.RegularExpressions;

namespace Rapport.Features.Coach;

/// <summary>
/// Standard 000 B1 (introduce yourself positively) and the exam tip to use the customer's name: the reply opens with a
/// greeting, and uses the name the customer goes by. Customers carry no separate preferred name yet, so it is read from
/// the record's name: the first name of a person ("Sarah" from "Sarah Jones"), or title and surname when the record is
/// written that way ("Mrs Patel"). The full name counts as used too.
/// </summary>
public static partial class GreetingCheck
{
    public static IEnumerable<CoachSuggestion> Run(DraftParts draft, CoachContext context)
    {
        var name = PreferredName(context);
        if (draft.Greeting is null)
        {
            var hello = name is null ? "Hello," : $"Hello {name},";
            yield return new CoachSuggestion(CoachChecks.Greeting, $"Open with a greeting: \"{hello}\"",
                "The reply does not start with a greeting (Hi, Hello, Dear, Good morning, Bonjour…): standard 000 B1, introduce yourself positively.",
                0, 0, hello + "\n\n");
            yield break;
        }

        if (name is null || UsesName(draft.Own, name, context.CustomerName!))
        {
            yield break;
        }

        var g = draft.Greeting;
        var bare = BareGreeting().Match(g.Value.Trim());
        yield return new CoachSuggestion(CoachChecks.Name, $"Use the customer's name: {name}",
            $"The reply never says \"{name}\"; using the customer's name shows you are talking to them, not to a ticket.",
            g.Index + (g.Value.Length - g.Value.TrimStart().Length), g.Value.Trim().Length,
            bare.Success ? $"{bare.Groups["word"].Value} {name}{(bare.Groups["end"].Value is { Length: > 0 } end ? end : ",")}" : null);
    }

    /// <summary>"Sarah" for Sarah Jones, "Mrs Patel" for Mrs Anita Patel; null for an organisation or an unknown customer.</summary>
    public static string? PreferredName(CoachContext context)
    {
        if (!context.CustomerIsPerson || string.IsNullOrWhiteSpace(context.CustomerName))
        {
            return null;
        }

        var parts = context.CustomerName.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (Title().IsMatch(parts[0]))
        {
            return parts.Length == 1 ? null : $"{parts[0]} {parts[^1]}";
        }

        return parts[0].Any(char.IsLetter) ? parts[0] : null;
    }

    /// <summary>The preferred name, the full name, the first name of a titled record ("Laura" of "Ms Laura Wright"), or any title with the surname ("Mr Hughes").</summary>
    private static bool UsesName(string text, string preferred, string full)
    {
        var parts = full.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (Contains(text, preferred) || Contains(text, string.Join(' ', parts)))
        {
            return true;
        }

        var titled = Title().IsMatch(parts[0]);
        if (titled && parts.Length >= 3 && Contains(text, parts[1]))
        {
            return true;
        }

        return parts.Length >= 2 && TitleThenWord().Matches(text).Any(m => string.Equals(m.Groups["surname"].Value, parts[^1], StringComparison.OrdinalIgnoreCase));
    }

    private static bool Contains(string text, string name)
    {
        var at = 0;
        while ((at = text.IndexOf(name, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at == 0 || !char.IsLetter(text[at - 1]);
            var after = at + name.Length >= text.Length || !char.IsLetter(text[at + name.Length]);
            if (before && after)
            {
                return true;
            }

            at += name.Length;
        }

        return false;
    }

    [GeneratedRegex(@"^(?:mr|mrs|ms|miss|mx|dr|prof|sir|dame|lady|lord|m|mme|mlle)\.?$", RegexOptions.IgnoreCase)]
    private static partial Regex Title();

    [GeneratedRegex(@"\b(?:mr|mrs|ms|miss|mx|dr|prof|madame|monsieur|mme|mlle)\.?\s+(?<surname>[\p{L}'’-]+)", RegexOptions.IgnoreCase)]
    private static partial Regex TitleThenWord();

    // A greeting without a name that can take one: "Hi,", "Hello there!", "Dear customer,", "Bonjour,".
    [GeneratedRegex(@"^(?<word>hi|hello|hey|dear|good\s+(?:morning|afternoon|evening)|bonjour|bonsoir)(?:\s+(?:there|customer|sir|madam|sir\s+or\s+madam|all|team))?\s*(?<end>[,!:]?)$", RegexOptions.IgnoreCase)]
    private static partial Regex BareGreeting();
}
