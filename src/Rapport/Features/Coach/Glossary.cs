using System.Text.RegularExpressions;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Coach;

/// <summary>A word or phrase the organisation uses internally, and what to say to a customer instead.</summary>
public sealed record GlossaryTerm(string Term, string Plain);

/// <summary>
/// The organisation's jargon list, compiled once into two matchers. Acronyms ("PNR", "ETA") match in capitals or all in
/// lower case ("eta"), not capitalised like a name ("Ota", "Beta"), and not in lower case where that spells an everyday
/// word ("coffee pod"); every other term matches whatever its case, and its plural. Terms match whole words only ("ETA"
/// not in "BETA").
/// </summary>
public sealed partial class Glossary
{
    public const int MaxTerms = 500;
    public const int MaxLength = 100;

    private readonly Dictionary<string, string> exact = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> anyCase = new(StringComparer.OrdinalIgnoreCase);
    private readonly Regex? exactMatcher;
    private readonly Regex? anyCaseMatcher;

    public IReadOnlyList<GlossaryTerm> Terms { get; }

    public Glossary(IEnumerable<GlossaryTerm> terms)
    {
        Terms = Validate(terms);
        foreach (var t in Terms)
        {
            (IsAcronym(t.Term) ? exact : anyCase)[t.Term] = t.Plain;
        }

        exactMatcher = Build(exact.Keys, plural: false);
        anyCaseMatcher = Build(anyCase.Keys, plural: true);
    }

    /// <summary>Where each term occurs in <paramref name="text"/>, with its plain alternative, in text order.</summary>
    public IEnumerable<(int Start, int Length, string Found, string Plain)> Find(string text)
    {
        var hits = new List<(int, int, string, string)>();
        if (exactMatcher is not null)
        {
            foreach (Match m in exactMatcher.Matches(text))
            {
                // An acronym in capitals, or all in lower case unless that spells an everyday word ("coffee pod").
                var upper = m.Value.ToUpperInvariant();
                if (m.Value == upper || (m.Value == m.Value.ToLowerInvariant() && !EverydayWords.Contains(m.Value)))
                {
                    hits.Add((m.Index, m.Length, m.Value, exact[upper]));
                }
            }
        }

        if (anyCaseMatcher is not null)
        {
            foreach (Match m in anyCaseMatcher.Matches(text))
            {
                var term = m.Groups["term"].Value;
                hits.Add((m.Index, m.Length, m.Value, anyCase[Spaces().Replace(term, " ")]));
            }
        }

        return hits.OrderBy(h => h.Item1);
    }

    private static bool IsAcronym(string term) => term.Any(char.IsLetter) && !term.Any(char.IsLower) && term.Length <= 6;

    /// <summary>Lower-case spellings of acronyms that are ordinary words: left alone unless written in capitals.</summary>
    private static readonly HashSet<string> EverydayWords = new(StringComparer.Ordinal) { "pod", "cob", "apis", "ota", "rts", "sla" };

    // Case-insensitive either way: acronyms are filtered by case after matching; words also match their plural ("consignments").
    private static Regex? Build(IEnumerable<string> terms, bool plural)
    {
        // Longest first, so "fare basis code" wins over "fare basis"; spaces in a term match any run of spaces.
        var alternatives = terms.OrderByDescending(t => t.Length).Select(t => Regex.Escape(t).Replace(@"\ ", @"\s+", StringComparison.Ordinal)).ToList();
        return alternatives.Count == 0 ? null
            : new Regex(@"(?<![\w&-])(?<term>" + string.Join('|', alternatives) + ")" + (plural ? "(?:e?s)?" : "") + @"(?![\w&-])",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(200));
    }

    private static List<GlossaryTerm> Validate(IEnumerable<GlossaryTerm> terms)
    {
        var list = new List<GlossaryTerm>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var i = 0;
        foreach (var t in terms)
        {
            var term = Spaces().Replace(t.Term?.Trim() ?? "", " ");
            var plain = t.Plain?.Trim() ?? "";
            if (term.Length == 0 || term.Length > MaxLength)
            {
                throw new InvalidInputException($"terms[{i}].term", $"A term is 1 to {MaxLength} characters.");
            }

            if (plain.Length == 0 || plain.Length > MaxLength)
            {
                throw new InvalidInputException($"terms[{i}].plain", $"The plain alternative to '{term}' is 1 to {MaxLength} characters.");
            }

            if (!seen.Add(term))
            {
                throw new InvalidInputException($"terms[{i}].term", $"'{term}' is listed twice.");
            }

            list.Add(new GlossaryTerm(term, plain));
            i++;
        }

        if (list.Count > MaxTerms)
        {
            throw new InvalidInputException("terms", $"A glossary has at most {MaxTerms} terms.");
        }

        return list;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    /// <summary>The glossary every organisation starts with: travel, hospitality, retail and contact-centre shorthand.</summary>
    public static Glossary Default { get; } = new(
    [
        new("PNR", "booking reference"),
        new("ETA", "expected arrival time"),
        new("ETD", "expected departure time"),
        new("OTA", "booking website"),
        new("IROPS", "flight disruption"),
        new("codeshare", "flight run by a partner airline"),
        new("fare basis", "ticket type"),
        new("fare class", "ticket type"),
        new("ancillaries", "extras"),
        new("EMD", "receipt for extras"),
        new("MCO", "travel credit"),
        new("APIS", "passport details for the airline"),
        new("no-show", "not turning up"),
        new("rack rate", "standard room price"),
        new("pre-authorisation", "temporary hold on your card"),
        new("pre-auth", "temporary hold on your card"),
        new("folio", "bill"),
        new("chargeback", "card refund claim"),
        new("RMA", "returns number"),
        new("SKU", "product code"),
        new("back-ordered", "out of stock and on order"),
        new("backorder", "order for out-of-stock items"),
        new("fulfilment centre", "warehouse"),
        new("consignment", "parcel"),
        new("POD", "proof of delivery"),
        new("RTS", "returned to us"),
        new("DPA", "security questions"),
        new("IDV", "identity check"),
        new("SLA", "agreed response time"),
        new("T&Cs", "terms and conditions"),
        new("EOD", "end of the day"),
        new("COB", "end of the working day"),
        new("ASAP", "as soon as possible"),
        new("pro rata", "in proportion"),
        new("force majeure", "events outside our control"),
        new("remittance", "payment"),
        new("escalation ticket", "request to a senior colleague"),
        new("ticket number", "reference number"),
        new("tier 2", "our specialist team"),
        new("L2", "our specialist team"),
    ]);
}
