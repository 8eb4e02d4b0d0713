using System.Text.RegularExpressions;
using Rapport.Features.Promises;

namespace Rapport.UnitTests.Promises;

/// <summary>
/// The promise patterns are searched one alternative at a time for speed; these tests hold that search to what the
/// single expression finds, on every sentence of the promise corpora and a few made to probe the lead-in.
/// </summary>
public sealed class AlternationTests
{
    private static readonly string[] Probes =
    [
        "We will hold the table for Saturday and call you by Friday the 4th.",
        "D'ici la fin de la semaine, nous vous rappellerons avant lundi.",
        "I'll call you before lunch on Friday and then this coming Monday.",
        "Your refund will be processed by close of business tomorrow, and until noon on the 20th we hold it.",
        "for by on until Tuesday",
        "",
    ];

    public static TheoryData<string, string, string?> Patterns => new()
    {
        { "English commitment", PromiseDetector.EnglishCommitmentPattern, null },
        { "Day", DueTimeParser.DayPattern, DueTimeParser.DayLeadIn },
    };

    [Theory]
    [MemberData(nameof(Patterns))]
    public void Finds_what_the_single_expression_finds(string name, string pattern, string? leadIn)
    {
        var single = new Regex((leadIn ?? "") + "(?:" + pattern + ")", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        var split = new Alternation(pattern, RegexOptions.IgnoreCase, leadIn);
        var groups = single.GetGroupNames();
        var sentences = Sentences().ToList();
        Assert.True(sentences.Count > 700, $"{sentences.Count} sentences");
        Assert.True(Alternation.TopLevelAlternatives(pattern).Count > 5, name);

        var differences = new List<string>();
        foreach (var sentence in sentences)
        {
            var expected = single.Matches(sentence).Select(m => Describe(m.Index, m.Length, g => m.Groups[g], groups));
            var actual = split.Matches(sentence).Select(m => Describe(m.Index, m.Length, g => m.Groups[g], groups));
            if (!expected.SequenceEqual(actual))
            {
                differences.Add($"{sentence}\n  single: {string.Join(" | ", expected)}\n  split:  {string.Join(" | ", actual)}");
            }

            Assert.Equal(single.IsMatch(sentence), split.IsMatch(sentence));
        }

        Assert.True(differences.Count == 0, string.Join('\n', differences.Take(5)));
    }

    private static string Describe(int index, int length, Func<string, Group> group, string[] names) =>
        $"{index}+{length}:" + string.Join(',', names.Where(n => !int.TryParse(n, out _) && group(n).Success).Select(n => $"{n}@{group(n).Index}+{group(n).Length}"));

    private static IEnumerable<string> Sentences()
    {
        foreach (var file in new[] { "corpus.tsv", "holdout.tsv", "blind-holdout.tsv" })
        {
            foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Promises", file)))
            {
                if (line.Length > 0 && !line.StartsWith('#'))
                {
                    yield return line.Split('\t')[0];
                }
            }
        }

        foreach (var probe in Probes)
        {
            yield return probe;
        }
    }
}
