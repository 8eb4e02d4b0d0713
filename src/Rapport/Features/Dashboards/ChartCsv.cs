using System.Globalization;
using CsvHelper;
using Rapport.Infrastructure.Csv;

namespace Rapport.Features.Dashboards;

/// <summary>
/// A chart's numbers as CSV: one row per period (its first and last UTC day), one column per series, the values exactly as
/// the chart and its JSON give them. Cells go through <see cref="CsvCells"/>, as every CSV Rapport writes: a series
/// label comes from the organisation's complaint causes, which anyone with the setting could start with "=".
/// </summary>
public static class ChartCsv
{
    public static async Task WriteAsync(ChartDto chart, TextWriter output, CancellationToken ct)
    {
        await using var csv = new CsvWriter(output, CsvCells.WriterConfiguration(), leaveOpen: true);
        void Cell(string? value) => csv.WriteField(CsvCells.Escape(value));
        // Periods are UTC days, as in the JSON; the header says so, since the pages show times in the viewer's zone.
        Cell("from (UTC)");
        Cell("to (UTC)");
        foreach (var series in chart.Series)
        {
            Cell(series.Label);
        }

        await csv.NextRecordAsync();
        for (var i = 0; i < chart.Periods.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            Cell(chart.Periods[i].From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Cell(chart.Periods[i].To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var series in chart.Series)
            {
                // A number we formatted cannot be a formula; escaping it would turn a negative NPS into text.
                csv.WriteField(series.Values[i]?.ToString(CultureInfo.InvariantCulture) ?? "");
            }

            await csv.NextRecordAsync();
        }

        await csv.FlushAsync();
    }

    public static string FileName(ChartDto chart) =>
        string.Create(CultureInfo.InvariantCulture, $"{chart.Chart}-{chart.From:yyyy-MM-dd}-to-{chart.To:yyyy-MM-dd}-by-{chart.Bucket.ToString().ToLowerInvariant()}.csv");
}
