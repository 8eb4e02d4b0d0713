using System.Text.RegularExpressions;

namespace Rapport.Features.Promises;

/// <summary>
/// One regular expression of many top-level alternatives, searched alternative by alternative. In a large alternation
/// .NET's backtracking engine finds no literal to skip ahead to, so it tries every alternative at almost every position;
/// each alternative on its own has one ("tomorrow", "will"), and the whole search measured 2–3 times faster on agents'
/// sentences. The matches are the ones the single expression gives — leftmost, the earlier alternative on a tie, none
/// overlapping — which <c>AlternationTests</c> holds on every corpus sentence. An optional lead-in ("by ", "for ") is
/// read backwards from each match instead of being tried in front of every alternative, for the same reason.
/// </summary>
internal sealed class Alternation
{
    private readonly Regex[] alternatives;
    private readonly Regex? leadIn;

    public Alternation(string pattern, RegexOptions options, string? leadIn = null)
    {
        options |= RegexOptions.CultureInvariant | RegexOptions.Compiled;
        alternatives = [.. TopLevelAlternatives(pattern).Select(a => new Regex(a, options))];
        this.leadIn = leadIn is null ? null : new Regex("(?:" + leadIn + ")$", options | RegexOptions.RightToLeft);
    }

    public bool IsMatch(ReadOnlySpan<char> input)
    {
        foreach (var alternative in alternatives)
        {
            if (alternative.IsMatch(input))
            {
                return true;
            }
        }

        return false;
    }

    public List<AlternativeMatch> Matches(string input)
    {
        var found = new List<AlternativeMatch>();
        var next = new Match?[alternatives.Length];
        var position = 0;
        while (position <= input.Length)
        {
            AlternativeMatch? best = null;
            for (var i = 0; i < alternatives.Length; i++)
            {
                if (next[i] is not { } cached || (cached.Success && cached.Index < position))
                {
                    next[i] = alternatives[i].Match(input, position);
                }

                if (next[i] is { Success: true } m && Led(input, m, position) is var candidate && (best is null || candidate.Index < best.Value.Index))
                {
                    best = candidate;
                }
            }

            if (best is not { } match)
            {
                break;
            }

            found.Add(match);
            position = match.Length == 0 ? match.Index + 1 : match.Index + match.Length;
        }

        return found;
    }

    private AlternativeMatch Led(string input, Match core, int from)
    {
        if (leadIn?.Match(input, from, core.Index - from) is { Success: true, Length: > 0 } lead)
        {
            return new AlternativeMatch(input, core, lead);
        }

        return new AlternativeMatch(input, core, null);
    }

    /// <summary>The pattern split at each <c>|</c> outside any group or character class.</summary>
    internal static List<string> TopLevelAlternatives(string pattern)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            switch (pattern[i])
            {
                case '\\':
                    i++;
                    break;
                case ']' when inClass:
                    inClass = false;
                    break;
                case '[' when !inClass:
                    inClass = true;
                    break;
                case '(' when !inClass:
                    depth++;
                    break;
                case ')' when !inClass:
                    depth--;
                    break;
                case '|' when !inClass && depth == 0:
                    parts.Add(pattern[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(pattern[start..]);
        return parts;
    }
}

/// <summary>A match of one alternative, with the lead-in read before it, read like a <see cref="Match"/>.</summary>
internal readonly struct AlternativeMatch(string input, Match core, Match? lead)
{
    public int Index => lead?.Index ?? core.Index;

    public int Length => core.Index + core.Length - Index;

    public string Value => input.Substring(Index, Length);

    public GroupsOf Groups => new(core, lead);

    public readonly struct GroupsOf(Match core, Match? lead)
    {
        public Group this[string name] => core.Groups[name] is { Success: true } g || lead is null ? core.Groups[name] : lead.Groups[name];
    }
}
