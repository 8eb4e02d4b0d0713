namespace Rapport.Features.Coach;

/// <summary>A word of a message, folded for the lexicon: lower case, no accents, no apostrophes ("don't" → "dont",
/// "I'm" → "im", "déçue" → "decue"); a French elision is a word of its own ("j'attends" → "j", "attends"). AfterStop:
/// a sentence ends between the previous word and this one (. ! ? ; : or a line break); AfterComma: a comma or a dash
/// does; Capitals: written in four or more capital letters ("AGAIN").</summary>
public readonly record struct SentimentToken(string Word, int Start, int End, bool AfterStop, bool AfterComma, bool Capitals);

/// <summary>One pass over the characters, no regular expression: linear in the length of the message.</summary>
public static class SentimentTokens
{
    private static readonly HashSet<string> Elisions = ["l", "d", "j", "n", "s", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu"];

    public static List<SentimentToken> Split(string text)
    {
        var tokens = new List<SentimentToken>(text.Length / 5);
        var buffer = new char[Math.Min(text.Length, 64)];
        bool stop = true, comma = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (!char.IsLetterOrDigit(c))
            {
                if (c is '.' or '!' or '?' or ';' or ':' or '\n' or '…')
                {
                    stop = true;
                }
                else if (c is ',' or '–' or '—' || (c == '-' && i + 1 < text.Length && char.IsWhiteSpace(text[i + 1])))
                {
                    comma = true;
                }

                i++;
                continue;
            }

            var start = i;
            int length = 0, upper = 0, letters = 0;
            while (i < text.Length)
            {
                c = text[i];
                if (char.IsLetterOrDigit(c))
                {
                    if (char.IsLetter(c))
                    {
                        letters++;
                        upper += char.IsUpper(c) ? 1 : 0;
                    }

                    if (length < buffer.Length)
                    {
                        buffer[length++] = Fold(c);
                    }

                    i++;
                }
                else if (c is '\'' or '’' && i + 1 < text.Length && char.IsLetter(text[i + 1]))
                {
                    if (Elisions.Contains(new string(buffer, 0, length)))
                    {
                        break;
                    }

                    i++;
                }
                else
                {
                    break;
                }
            }

            tokens.Add(new SentimentToken(new string(buffer, 0, length), start, i, stop, comma, upper >= 4 && upper == letters));
            stop = comma = false;
            if (i < text.Length && text[i] is '\'' or '’')
            {
                i++;
            }
        }

        return tokens;
    }

    private static char Fold(char c)
    {
        c = char.ToLowerInvariant(c);
        return c switch
        {
            'é' or 'è' or 'ê' or 'ë' => 'e',
            'à' or 'â' or 'ä' => 'a',
            'î' or 'ï' => 'i',
            'ô' or 'ö' => 'o',
            'ù' or 'û' or 'ü' => 'u',
            'ç' => 'c',
            _ => c,
        };
    }
}
