using System.Globalization;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;
using Xunit.Abstractions;

namespace Rapport.UnitTests.Promises;

/// <summary>
/// Precision, recall and due-time accuracy of promise detection over the labelled corpus the rules were developed
/// on, and over a held-out set written after they were frozen (figures in docs/promise-detection.md).
/// </summary>
public sealed class PromiseCorpusTests(ITestOutputHelper output)
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>The moment and place every corpus sentence is read in: Wednesday 25 November 2026, 10:30 in London.</summary>
    private static readonly PromiseContext Context = new(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero), London,
        BusinessCalendar.Weekdays(London, OpeningInterval.Parse("09:00-17:30"),
        [
            Holiday.Partial(new DateOnly(2026, 12, 24), "Christmas Eve", OpeningInterval.Parse("09:00-13:00")),
            Holiday.Closed(new DateOnly(2026, 12, 25), "Christmas Day"),
            Holiday.Closed(new DateOnly(2026, 12, 28), "Boxing Day (substitute)"),
        ]));

    private sealed record Row(string Sentence, bool Promise, string Due, string Part);

    private sealed record Score(double Precision, double Recall, double DueAccuracy, int Earlier, string Report);

    [Fact]
    public void The_corpus_is_big_enough_and_balanced()
    {
        var corpus = Read("corpus.tsv");
        Assert.True(corpus.Count >= 150, $"{corpus.Count} sentences");
        Assert.InRange(corpus.Count(r => r.Promise), 60, corpus.Count - 60);
        Assert.Equal(corpus.Count, corpus.Select(r => r.Sentence).Distinct().Count());
        Assert.Empty(Read("holdout.tsv").Select(r => r.Sentence).Intersect(corpus.Select(r => r.Sentence)));
    }

    [Fact]
    public void Development_corpus_reaches_the_figures_in_the_docs()
    {
        var score = Evaluate(Read("corpus.tsv"));
        Assert.True(score is { Precision: >= 0.99, Recall: >= 0.99, DueAccuracy: >= 0.99, Earlier: 0 }, score.Report);
    }

    [Fact]
    public void Held_out_sentences_reach_the_figures_in_the_docs()
    {
        var rows = Read("holdout.tsv");
        foreach (var part in rows.GroupBy(r => r.Part))
        {
            output.WriteLine($"Part: {part.Key}");
            Evaluate([.. part]);
        }

        output.WriteLine("All held-out sentences:");
        var score = Evaluate(rows);
        Assert.True(score is { Precision: >= 0.98, Recall: >= 0.98, DueAccuracy: >= 0.98, Earlier: 0 }, score.Report);
    }

    /// <summary>
    /// Sentences written by someone who never read the detector, its tests or the other corpora, measured once after a
    /// round of rule changes and never tuned on: the figure to quote for sentences the project has not seen.
    /// </summary>
    [Fact]
    public void Blind_held_out_sentences_reach_the_figures_in_the_docs()
    {
        var score = Evaluate(Read("blind-holdout.tsv"));
        Assert.True(score is { Precision: >= 0.99, Recall: >= 0.99, DueAccuracy: >= 0.99, Earlier: 0 }, score.Report);
    }

    /// <summary>Counted per promise: a row may hold two ("…|…" in the due column), each expected as its own proposal, in order.</summary>
    private Score Evaluate(List<Row> rows)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0, dueRight = 0, earlier = 0;
        var notes = new List<string>();
        foreach (var row in rows)
        {
            var found = PromiseDetector.Detect(row.Sentence, Context);
            var expected = row.Promise ? row.Due.Split('|') : [];
            if (expected.Length == 0 && found.Count == 0)
            {
                tn++;
                continue;
            }

            earlier += found.Count(p => p.Due < Context.SentAt);
            var matched = Math.Min(expected.Length, found.Count);
            tp += matched;
            for (var i = 0; i < matched; i++)
            {
                var due = found[i].Due is { } at ? TimeZoneInfo.ConvertTime(at, London).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "-";
                if (due == expected[i])
                {
                    dueRight++;
                }
                else
                {
                    notes.Add($"wrong due: {row.Sentence} → {due} from '{found[i].DueText}', expected {expected[i]}");
                }
            }

            if (found.Count > matched)
            {
                fp += found.Count - matched;
                notes.Add($"false positive ({found.Count - matched}): {row.Sentence}");
            }

            if (expected.Length > matched)
            {
                fn += expected.Length - matched;
                notes.Add($"missed ({expected.Length - matched}): {row.Sentence}");
            }
        }

        var precision = tp / (double)(tp + fp);
        var recall = tp / (double)(tp + fn);
        var dueAccuracy = dueRight / (double)tp;
        var report = string.Create(CultureInfo.InvariantCulture,
            $"{rows.Count} sentences: tp {tp} fp {fp} fn {fn} tn {tn}; precision {precision:F3} recall {recall:F3}; due right for {dueRight} of {tp} ({dueAccuracy:F3}); {earlier} due before the message\n{string.Join('\n', notes)}");
        output.WriteLine(report);
        return new Score(precision, recall, dueAccuracy, earlier, report);
    }

    /// <summary>The rows of a file; a comment starting "# Added for" begins a new part (sets written at different times).</summary>
    private static List<Row> Read(string file)
    {
        var rows = new List<Row>();
        var part = "first set";
        var header = true;
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Promises", file)).Where(l => l.Length > 0))
        {
            if (line.StartsWith('#'))
            {
                part = line.StartsWith("# Added for ", StringComparison.Ordinal) ? line[12..].Split(',')[0] : part;
                continue;
            }

            if (header)
            {
                header = false;
                continue;
            }

            var f = line.Split('\t');
            rows.Add(new Row(f[0], f[1] switch { "promise" => true, "none" => false, _ => throw new FormatException(f[1]) }, f[2], part));
        }

        return rows;
    }
}
