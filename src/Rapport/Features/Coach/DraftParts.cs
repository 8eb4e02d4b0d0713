using System.Text.RegularExpressions;
using Rapport.Features.Promises;

namespace Rapport.Features.Coach;

/// <summary>
/// A draft read once for every check: the agent's own words (quoted text blanked, offsets kept), its sentences, the
/// greeting line if it opens with one, and where the sign-off starts (where a closing sentence would be inserted).
/// </summary>
public sealed partial class DraftParts
{
    public string Text { get; }
    public string Own { get; }
    public IReadOnlyList<(int Start, string Text)> Sentences { get; }
    /// <summary>The opening greeting ("Hi Sarah,"), or null.</summary>
    public Match? Greeting { get; }
    /// <summary>Where the sign-off ("Kind regards, Ben") starts; the end of the own text when there is none.</summary>
    public int SignOffAt { get; }
    /// <summary>Sentences before the sign-off, without the greeting line: what the reply says.</summary>
    public IReadOnlyList<(int Start, string Text)> Body { get; }

    public DraftParts(string text)
    {
        Text = text;
        Own = MessageSentences.BlankQuotedText(text);
        Sentences = MessageSentences.Split(text).ToList();
        var greeting = GreetingLine().Match(Own);
        Greeting = greeting.Success ? greeting : null;
        var end = Own.TrimEnd().Length;
        SignOffAt = end;
        foreach (Match m in SignOff().Matches(Own))
        {
            if (m.Index > (Greeting?.Index + Greeting?.Length ?? 0))
            {
                SignOffAt = m.Index;
                break;
            }
        }

        var from = Greeting is null ? 0 : Greeting.Index + Greeting.Length;
        Body = Sentences.Where(s => s.Start >= from && s.Start < SignOffAt).ToList();
    }

    /// <summary>The last <paramref name="count"/> sentences of the body: where a close is looked for.</summary>
    public IEnumerable<(int Start, string Text)> Closing(int count) => Body.Skip(Math.Max(0, Body.Count - count));

    /// <summary>Where to insert a sentence that belongs just before the sign-off, with the spacing it needs.</summary>
    public (int At, string Before, string After) BeforeSignOff()
    {
        if (SignOffAt < Own.TrimEnd().Length)
        {
            return (SignOffAt, "", "\n\n");
        }

        var at = Text.TrimEnd().Length;
        return (at, at == 0 ? "" : " ", "");
    }

    /// <summary>Where to insert a sentence that belongs just after the greeting (or at the start).</summary>
    public (int At, string Before, string After) AfterGreeting()
    {
        if (Greeting is null)
        {
            return (0, "", " ");
        }

        var at = Greeting.Index + Greeting.Length;
        return (at, "", Text.Length > at && Text[at] is '\n' or '\r' ? "" : " ");
    }

    // A greeting opens the draft: "Hi", "Hello Sarah,", "Dear Mrs Patel", "Good morning", "Bonjour", or thanks for getting in touch.
    [GeneratedRegex(@"^\s*(?:(?:hi|hello|hey|hiya|dear|good\s+(?:morning|afternoon|evening|day)|greetings|welcome\s+back|bonjour|bonsoir|salut|chère|cher|madame|monsieur)\b[^\r\n.!?]{0,60}?(?:[,!.:]|(?=\r?\n))"
        + @"|(?:thank\s+you|thanks|many\s+thanks|merci)\s+(?:so\s+much\s+)?(?:for|de|pour)\s+(?:contacting|getting\s+in\s+touch|reaching\s+out|your\s+(?:message|email|call|enquiry|patience)|(?:votre\s+)?(?:message|votre\s+message))\b[^\r\n.!?]{0,60}?[,!.:]?)",
        RegexOptions.IgnoreCase)]
    private static partial Regex GreetingLine();

    // A sign-off on its own line: "Kind regards", "Best wishes,", "Thanks,", "Cordialement".
    [GeneratedRegex(@"^[ \t]*(?:kind(?:est)?\s+regards|best\s+regards|warm(?:est)?\s+regards|regards|best\s+wishes|all\s+the\s+best|many\s+thanks|thanks(?:\s+again)?|thank\s+you|cheers|best|yours\s+(?:sincerely|faithfully)|sincerely|cordialement|bien\s+(?:à\s+vous|cordialement)|bien\s+amicalement|salutations\s+distinguées)[ \t]*[,.!]?[ \t]*(?=\r?\n|$)",
        RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex SignOff();
}
