using Rapport.Features.Complaints;

namespace Rapport.Features.Dashboards;

/// <summary>A rolled-up figure summed over the chosen team or agent: one day, one key.</summary>
public sealed record FigureRow(DateOnly Day, string Key, long Count, double Value, double Target);

/// <summary>A chart: which metric it reads and how each period's figures become its series' values.</summary>
public sealed record Chart(string Name, string Title, string Description, string Unit, ChartShape Shape, string Metric,
    Func<IReadOnlyList<IReadOnlyList<FigureRow>>, ComplaintCauses, List<ChartSeriesDto>> Series)
{
    public ChartInfoDto Info => new(Name, Title, Description, Unit, Shape);
}

/// <summary>The charts of the dashboards (C28) and how each draws its numbers from the rollup.</summary>
public static class Charts
{
    public static IReadOnlyList<Chart> All { get; } =
    [
        new("first-response", "First response time", "Average time to the first response against the average target, on the service standard's clock.",
            "hours", ChartShape.Line, Metrics.FirstResponse, (p, _) => AgainstTarget(p)),
        new("resolution", "Resolution time", "Average time to resolve a case against the average target, on the service standard's clock.",
            "hours", ChartShape.Line, Metrics.Resolution, (p, _) => AgainstTarget(p)),
        new("customer-updates", "Customers updated on time", "Updates to customers given within the service standard's interval, and late ones.",
            "updates", ChartShape.Bar, Metrics.CustomerUpdate, (p, _) => Counts(p, (Metrics.OnTime, "On time"), (Metrics.Late, "Late"))),
        new("promises", "Promises kept", "Promises closed: kept by their due time, kept late, or broken.",
            "promises", ChartShape.Bar, Metrics.Promises,
            (p, _) => Counts(p, (Metrics.KeptOnTime, "Kept on time"), (Metrics.KeptLate, "Kept late"), (Metrics.Broken, "Broken"))),
        new("csat", "Customer satisfaction (CSAT)", "Average satisfaction score, 1 to 5.", "score", ChartShape.Line, Metrics.Csat,
            (p, _) => [Average(p, "average", "Average CSAT")]),
        new("nps", "Net Promoter Score", "Promoters (9–10) less detractors (0–6), as a percentage of answers: −100 to 100.",
            "score", ChartShape.Line, Metrics.Nps, (p, _) => [Nps(p)]),
        new("effort", "Customer effort", "Average ease score, 1 (very difficult) to 7 (very easy).", "score", ChartShape.Line, Metrics.Effort,
            (p, _) => [Average(p, "average", "Average effort")]),
        new("complaints", "Complaints by cause", "Complaints started, by the cause recorded when the customer was listened to.",
            "complaints", ChartShape.Bar, Metrics.Complaints, (p, causes) => ByKey(p, k => k == Metrics.NoCause ? "Not yet known" : causes.NameOf(k))),
        new("channels", "Channel mix", "Conversations started, by channel.", "conversations", ChartShape.Bar, Metrics.Channels,
            (p, _) => ByKey(p, k => k.Length == 0 ? k : char.ToUpperInvariant(k[0]) + k[1..])),
        new("backlog", "Backlog", "Conversations and cases open at the end of each period (as last rolled up that day).",
            "open", ChartShape.Line, Metrics.Backlog, (p, _) => Backlog(p)),
    ];

    public static Chart? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    private static double? Round(double? v) => v is { } x ? Math.Round(x, 2, MidpointRounding.AwayFromZero) : null;

    private static List<ChartSeriesDto> AgainstTarget(IReadOnlyList<IReadOnlyList<FigureRow>> periods)
    {
        double? Hours(IReadOnlyList<FigureRow> rows, Func<FigureRow, double> sum) =>
            rows.Sum(r => r.Count) is > 0 and var n ? Round(rows.Sum(sum) / n / 3600) : null;
        return
        [
            new("average", "Average", periods.Select(r => Hours(r, x => x.Value)).ToList()),
            new("target", "Target", periods.Select(r => Hours(r, x => x.Target)).ToList()),
        ];
    }

    private static List<ChartSeriesDto> Counts(IReadOnlyList<IReadOnlyList<FigureRow>> periods, params (string Key, string Label)[] keys) =>
        keys.Select(k => new ChartSeriesDto(k.Key, k.Label, periods.Select(r => (double?)r.Where(x => x.Key == k.Key).Sum(x => x.Count)).ToList())).ToList();

    private static ChartSeriesDto Average(IReadOnlyList<IReadOnlyList<FigureRow>> periods, string key, string label) =>
        new(key, label, periods.Select(r => r.Sum(x => x.Count) is > 0 and var n ? Round(r.Sum(x => x.Value) / n) : null).ToList());

    private static ChartSeriesDto Nps(IReadOnlyList<IReadOnlyList<FigureRow>> periods) =>
        new("nps", "NPS", periods.Select(r =>
        {
            long all = r.Sum(x => x.Count), promoters = r.Where(x => Score(x) >= 9).Sum(x => x.Count), detractors = r.Where(x => Score(x) <= 6).Sum(x => x.Count);
            return all > 0 ? Round(100.0 * (promoters - detractors) / all) : null;
        }).ToList());

    private static int Score(FigureRow row) => int.Parse(row.Key, System.Globalization.CultureInfo.InvariantCulture);

    private static List<ChartSeriesDto> ByKey(IReadOnlyList<IReadOnlyList<FigureRow>> periods, Func<string, string> label) =>
        periods.SelectMany(r => r).GroupBy(r => r.Key).OrderByDescending(g => g.Sum(x => x.Count)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ChartSeriesDto(g.Key, label(g.Key), periods.Select(r => (double?)r.Where(x => x.Key == g.Key).Sum(x => x.Count)).ToList()))
            .ToList();

    /// <summary>A level, not a flow: each period shows the latest day in it that has a snapshot.</summary>
    private static List<ChartSeriesDto> Backlog(IReadOnlyList<IReadOnlyList<FigureRow>> periods)
    {
        double? Level(IReadOnlyList<FigureRow> rows, string key) =>
            rows.Count == 0 ? null : rows.Where(r => r.Day == rows.Max(x => x.Day) && r.Key == key).Sum(r => r.Count);
        return
        [
            new(Metrics.OpenConversations, "Open conversations", periods.Select(r => Level(r, Metrics.OpenConversations)).ToList()),
            new(Metrics.OpenCases, "Open cases", periods.Select(r => Level(r, Metrics.OpenCases)).ToList()),
        ];
    }
}
