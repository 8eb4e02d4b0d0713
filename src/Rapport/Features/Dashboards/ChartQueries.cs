using Microsoft.EntityFrameworkCore;
using Rapport.Features.Complaints;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Dashboards;

/// <summary>
/// Reads a chart's numbers from the rollup — one grouped range scan over <see cref="DailyFigure"/> by metric and day
/// (and team or agent), never over the facts — and shapes them into periods. The page, the JSON and the CSV all come
/// from this one answer.
/// </summary>
public sealed class ChartQueries(RapportDbContext db, ComplaintCatalogue catalogue)
{
    public async Task<ChartDto> ReadAsync(Chart chart, DateOnly from, DateOnly to, ChartBucket bucket, DashboardScope scope, CancellationToken ct) =>
        (await ReadAsync([chart], from, to, bucket, scope, ct))[0];

    /// <summary>Several charts in one read: one scan for all their metrics, the rollup's date and the causes read once.</summary>
    public async Task<IReadOnlyList<ChartDto>> ReadAsync(IReadOnlyList<Chart> charts, DateOnly from, DateOnly to, ChartBucket bucket, DashboardScope scope,
        CancellationToken ct)
    {
        var periods = ChartPeriods.Of(from, to, bucket);
        var metrics = charts.Select(c => c.Metric).Distinct().ToList();
        var figures = db.Set<DailyFigure>().AsNoTracking().Where(f => metrics.Contains(f.Metric) && f.Day >= from && f.Day <= to);
        if (scope is { TeamId: null, AgentId: null })
        {
            figures = figures.Where(f => f.TeamId == DailyFigure.WholeOrganisation && f.AgentId == DailyFigure.WholeOrganisation);
        }

        if (scope.TeamId is { } team)
        {
            figures = figures.Where(f => f.TeamId == team);
        }

        if (scope.AgentId is { } agent)
        {
            figures = figures.Where(f => f.AgentId == agent);
        }

        var rows = await figures.GroupBy(f => new { f.Metric, f.Day, f.Key })
            .Select(g => new { g.Key.Metric, Row = new FigureRow(g.Key.Day, g.Key.Key, g.Sum(f => f.Count), g.Sum(f => f.Value), g.Sum(f => f.Target)) })
            .ToListAsync(ct);
        var periodOf = periods.SelectMany((p, i) => Enumerable.Range(p.From.DayNumber, p.To.DayNumber - p.From.DayNumber + 1).Select(d => (d, i)))
            .ToDictionary(x => x.d, x => x.i);
        var byMetric = metrics.ToDictionary(m => m, _ => periods.Select(_ => new List<FigureRow>()).ToList(), StringComparer.Ordinal);
        foreach (var row in rows)
        {
            byMetric[row.Metric][periodOf[row.Row.Day.DayNumber]].Add(row.Row);
        }

        var rolledUpTo = await db.Set<RollupState>().Where(s => s.Id == RollupState.TheOne).Select(s => s.RolledUpTo).SingleAsync(ct);
        var causes = await catalogue.CurrentAsync(ct);
        return charts.Select(chart => new ChartDto(chart.Name, chart.Title, chart.Description, chart.Unit, chart.Shape, from, to, bucket, scope.TeamId,
            scope.AgentId, rolledUpTo, periods, chart.Series(byMetric[chart.Metric], causes))).ToList();
    }
}
