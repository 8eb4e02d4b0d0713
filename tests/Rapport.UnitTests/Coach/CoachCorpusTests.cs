using System.Globalization;
using Rapport.Features.Coach;
using Rapport.Features.Customers;
using Rapport.Features.Promises;
using Rapport.Features.ServiceStandards;
using Xunit.Abstractions;

namespace Rapport.UnitTests.Coach;

/// <summary>
/// Precision and recall of each coach check over its labelled corpus (Coach/*.tsv): the rows above the "# held out" line
/// were used to develop the rules; the rows below it were written with them and never tuned on. The positive class is
/// "the suggestion is shown" (for the sentiment reading, "upset"; for the complaint steps, "the step is covered").
/// The figures in docs/coach.md are the output of these tests.
/// </summary>
public sealed class CoachCorpusTests(ITestOutputHelper output)
{
    private static readonly TimeZoneInfo London = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    /// <summary>Every draft is read as sent on Wednesday 25 November 2026, 10:30 in London, by an office open 09:00–17:30.</summary>
    private static readonly PromiseContext When = new(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero), London,
        BusinessCalendar.Weekdays(London, OpeningInterval.Parse("09:00-17:30")));

    /// <summary>The customer message the empathy corpus's drafts answer: upset for its delay and for being ignored.</summary>
    private const string UpsetInbound = "I am still waiting for my refund and nobody has replied to my emails. This is unacceptable.";

    /// <summary>A labelled row; <paramref name="Part"/> counts the "# held out" lines above it (0 = development).</summary>
    public sealed record Row(string Text, string Label, string Context, int Part)
    {
        public bool HeldOut => Part > 0;
    }

    public sealed record Score(int Rows, int Tp, int Fp, int Fn, int Tn, double Precision, double Recall, string Report);

    /// <summary>Check, positive label, floors on the development rows (precision, recall) and on the held-out rows.</summary>
    public static TheoryData<string, string, double, double, double, double> Checks => new()
    {
        { "greeting", "fire", 0.95, 0.95, 0.85, 0.85 },
        { "jargon", "fire", 0.95, 0.95, 0.85, 0.85 },
        { "reading-level", "fire", 0.85, 0.85, 0.75, 0.75 },
        { "sentiment", "upset", 0.95, 0.95, 0.95, 0.7 },
        { "empathy", "fire", 0.95, 0.95, 0.85, 0.85 },
        { "understanding", "fire", 0.95, 0.95, 0.85, 0.85 },
        { "next-step", "fire", 0.9, 0.9, 0.75, 0.75 },
        { "undated-promise", "fire", 0.85, 0.95, 0.85, 0.8 },
        { "positive-close", "fire", 0.95, 0.95, 0.85, 0.85 },
    };

    [Theory]
    [MemberData(nameof(Checks))]
    public void Each_check_reaches_its_floors(string check, string positive, double devPrecision, double devRecall, double heldPrecision, double heldRecall)
    {
        var rows = Read(check);
        var dev = Evaluate(check, rows.Where(r => !r.HeldOut), r => r.Label == positive, r => Predicts(check, r));
        var held = Evaluate(check + " (held out)", rows.Where(r => r.HeldOut), r => r.Label == positive, r => Predicts(check, r));
        Assert.True(dev.Precision >= devPrecision && dev.Recall >= devRecall, dev.Report);
        Assert.True(held.Precision >= heldPrecision && held.Recall >= heldRecall, held.Report);
    }

    /// <summary>
    /// The sentiment corpus has two held-out parts: the first, written with the first lexicon, and the second, written for
    /// issue 15 part 4 before its rules were changed (the kinds the first lexicon missed). Each is held to its own floors.
    /// </summary>
    [Theory]
    [InlineData(0, 0.95, 0.95)]
    [InlineData(1, 0.9, 0.85)]
    [InlineData(2, 0.9, 0.65)]
    public void Sentiment_reaches_its_floors_on_each_part(int part, double precision, double recall)
    {
        var rows = Read("sentiment").Where(r => r.Part == part).ToList();
        Assert.NotEmpty(rows);
        var score = Evaluate($"sentiment part {part}", rows, r => r.Label == "upset", r => InboundSentiment.Read(r.Text).Upset);
        Assert.True(score.Precision >= precision && score.Recall >= recall, score.Report);
    }

    /// <summary>
    /// 160 messages written blind (by someone who never saw the lexicon or its corpora), measured once after the rules
    /// were frozen and never tuned on: the figure for messages the project has not seen (docs/coach.md).
    /// </summary>
    [Fact]
    public void Sentiment_on_the_blind_held_out_set_reaches_the_figures_in_the_docs()
    {
        var rows = Read("sentiment-blind");
        Assert.Equal(160, rows.Count);
        var score = Evaluate("sentiment (blind)", rows, r => r.Label == "upset", r => InboundSentiment.Read(r.Text).Upset);
        Assert.True(score.Precision >= 0.9 && score.Recall >= 0.5, score.Report);
    }

    [Theory]
    [InlineData('L', "Listen")]
    [InlineData('A', "Apologise")]
    [InlineData('S', "Solve")]
    [InlineData('T', "Thank")]
    public void Each_complaint_step_reaches_its_floors(char step, string name)
    {
        var rows = Read("last");
        bool Covered(Row r)
        {
            var steps = LastStepsCheck.Read(MessageSentences.BlankQuotedText(r.Text), PromiseDetector.Detect(r.Text, When));
            return step switch { 'L' => steps.Listen, 'A' => steps.Apologise, 'S' => steps.Solve, _ => steps.Thank };
        }

        var dev = Evaluate($"last: {name}", rows.Where(r => !r.HeldOut), r => r.Label.Contains(step, StringComparison.Ordinal), Covered);
        var held = Evaluate($"last: {name} (held out)", rows.Where(r => r.HeldOut), r => r.Label.Contains(step, StringComparison.Ordinal), Covered);
        Assert.True(dev is { Precision: >= 0.9, Recall: >= 0.9 }, dev.Report);
        Assert.True(held is { Precision: >= 0.8, Recall: >= 0.75 }, held.Report);
    }

    [Theory]
    [InlineData("greeting")]
    [InlineData("jargon")]
    [InlineData("reading-level")]
    [InlineData("sentiment")]
    [InlineData("empathy")]
    [InlineData("understanding")]
    [InlineData("next-step")]
    [InlineData("undated-promise")]
    [InlineData("positive-close")]
    [InlineData("last")]
    public void Each_corpus_has_a_hundred_distinct_rows_of_both_kinds(string check)
    {
        var rows = Read(check);
        Assert.True(rows.Count >= 100, $"{check}: {rows.Count} rows");
        Assert.True(rows.Count(r => r.HeldOut) >= 20, $"{check}: {rows.Count(r => r.HeldOut)} held-out rows");
        Assert.Equal(rows.Count, rows.Select(r => r.Text + "\t" + r.Context).Distinct().Count());
        if (check == "last")
        {
            // Each step is a label of its own: at least 15 replies that cover it and 15 that do not.
            foreach (var step in "LAST")
            {
                var with = rows.Count(r => r.Label.Contains(step, StringComparison.Ordinal));
                Assert.True(with >= 15 && rows.Count - with >= 15, $"{step}: {with} of {rows.Count}");
            }

            return;
        }

        var labels = rows.GroupBy(r => r.Label).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(labels.Count == 2 && labels.Values.Min() >= 15, $"{check}: {string.Join(", ", labels.Select(l => $"{l.Key} {l.Value}"))}");
    }

    private static bool Predicts(string check, Row row)
    {
        if (check == "sentiment")
        {
            return InboundSentiment.Read(row.Text).Upset;
        }

        var context = CoachContext.Bare(When);
        switch (check)
        {
            case "greeting" when row.Context != "-":
                var organisation = row.Context.StartsWith("org:", StringComparison.Ordinal);
                context = context with { CustomerName = organisation ? row.Context[4..] : row.Context, CustomerIsPerson = !organisation };
                break;
            case "reading-level":
                context = context with { Awareness = Enum.Parse<TechnicalAwareness>(row.Context, ignoreCase: true) };
                break;
            case "empathy":
                context = context with { LastInbound = UpsetInbound };
                break;
        }

        var wanted = check == "greeting" ? new[] { CoachChecks.Greeting, CoachChecks.Name } : [check];
        return DraftCoach.Check(row.Text, context).Any(s => wanted.Contains(s.Check));
    }

    private Score Evaluate(string name, IEnumerable<Row> rows, Func<Row, bool> expected, Func<Row, bool> predicted)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var notes = new List<string>();
        foreach (var row in rows)
        {
            switch (expected(row), predicted(row))
            {
                case (true, true): tp++; break;
                case (false, true): fp++; notes.Add($"  false positive: {row.Text} [{row.Context}]"); break;
                case (true, false): fn++; notes.Add($"  missed: {row.Text} [{row.Context}]"); break;
                default: tn++; break;
            }
        }

        var precision = tp + fp == 0 ? 1 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 1 : tp / (double)(tp + fn);
        var report = string.Create(CultureInfo.InvariantCulture,
            $"{name}: {tp + fp + fn + tn} rows, tp {tp} fp {fp} fn {fn} tn {tn}; precision {precision:F3} recall {recall:F3}\n{string.Join('\n', notes)}");
        output.WriteLine(report);
        return new Score(tp + fp + fn + tn, tp, fp, fn, tn, precision, recall, report);
    }

    public static List<Row> Read(string check)
    {
        var part = 0;
        var rows = new List<Row>();
        foreach (var line in File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Coach", check + ".tsv")))
        {
            if (line.StartsWith("# held out", StringComparison.Ordinal))
            {
                part++;
                continue;
            }

            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var f = line.Split('\t');
            if (f.Length < 2)
            {
                throw new FormatException($"{check}: {line}");
            }

            rows.Add(new Row(f[0].Replace("\\n", "\n", StringComparison.Ordinal), f[1], f.Length > 2 ? f[2] : "", part));
        }

        return rows;
    }
}
