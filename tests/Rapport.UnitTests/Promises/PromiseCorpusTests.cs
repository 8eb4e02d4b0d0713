using System.Globalization;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;
using Xunit.Abstractions;

namespace Rapport.UnitTests.Promises;

/// <summary>Precision and recall of promise detection over the labelled corpus (figures in docs/promise-detection.md).</summary>
public sealed class PromiseCorpusTests(ITestOutputHelper output)
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>The moment and place every corpus sentence is read in: Wednesday 25 November 2026, 10:30 in London.</summary>
    internal static readonly PromiseContext Context = new(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero), London,
        BusinessCalendar.Weekdays(London, OpeningInterval.Parse("09:00-17:30"),
        [
            Holiday.Partial(new DateOnly(2026, 12, 24), "Christmas Eve", OpeningInterval.Parse("09:00-13:00")),
            Holiday.Closed(new DateOnly(2026, 12, 25), "Christmas Day"),
            Holiday.Closed(new DateOnly(2026, 12, 28), "Boxing Day (substitute)"),
        ]));

    private sealed record Row(string Sentence, bool Promise, string Due);

    private static List<Row> Corpus() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Promises", "corpus.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Select(f => new Row(f[0], f[1] switch { "promise" => true, "none" => false, _ => throw new FormatException(f[1]) }, f[2]))
            .ToList();

    [Fact]
    public void The_corpus_is_big_enough_and_balanced()
    {
        var corpus = Corpus();
        Assert.True(corpus.Count >= 150, $"{corpus.Count} sentences");
        Assert.InRange(corpus.Count(r => r.Promise), 60, corpus.Count - 60);
        Assert.Equal(corpus.Count, corpus.Select(r => r.Sentence).Distinct().Count());
    }

    [Fact]
    public void Detection_reaches_the_precision_and_recall_in_the_docs()
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var misses = new List<string>();
        foreach (var row in Corpus())
        {
            var found = PromiseDetector.Detect(row.Sentence, Context).Count > 0;
            (tp, fp, fn, tn) = (row.Promise, found) switch
            {
                (true, true) => (tp + 1, fp, fn, tn),
                (false, true) => (tp, fp + 1, fn, tn),
                (true, false) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
            if (row.Promise != found)
            {
                misses.Add($"{(found ? "false positive" : "missed")}: {row.Sentence}");
            }
        }

        var precision = tp / (double)(tp + fp);
        var recall = tp / (double)(tp + fn);
        var report = string.Create(CultureInfo.InvariantCulture, $"tp {tp} fp {fp} fn {fn} tn {tn}; precision {precision:F3} recall {recall:F3}\n{string.Join('\n', misses)}");
        output.WriteLine(report);
        Assert.True(precision >= 0.95 && recall >= 0.95, report);
    }

    [Fact]
    public void Due_times_of_detected_promises_match_the_labels()
    {
        var wrong = new List<string>();
        var checkedRows = 0;
        foreach (var row in Corpus().Where(r => r.Promise))
        {
            var found = PromiseDetector.Detect(row.Sentence, Context);
            if (found.Count == 0)
            {
                continue; // counted as a miss by the recall test
            }

            checkedRows++;
            var due = found[0].Due is { } at
                ? TimeZoneInfo.ConvertTime(at, London).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
                : "-";
            if (due != row.Due)
            {
                wrong.Add($"{row.Sentence} → {due} ({found[0].DueText}), expected {row.Due}");
            }
        }

        var accuracy = 1 - (wrong.Count / (double)checkedRows);
        var report = string.Create(CultureInfo.InvariantCulture, $"due correct for {checkedRows - wrong.Count} of {checkedRows} ({accuracy:F3})\n{string.Join('\n', wrong)}");
        output.WriteLine(report);
        Assert.True(accuracy >= 0.95, report);
    }
}
