using System.Globalization;

namespace Rapport.Features.Dashboards.Pages;

/// <summary>
/// Where a chart's numbers land in its SVG: a value axis from zero (or the lowest negative value) to a round maximum
/// with round ticks, periods evenly across, and which period labels fit without overlapping.
/// </summary>
public sealed class ChartGeometry
{
    public const double Width = 720, Height = 280, Left = 56, Right = 16, Top = 16, Bottom = 48;
    public const int MaxXLabels = 8;

    /// <summary>Okabe–Ito: told apart by people with colour-vision deficiencies; series are named in the legend too.</summary>
    public static readonly string[] Palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442", "#999999", "#882255"];

    public ChartGeometry(ChartDto chart)
    {
        Chart = chart;
        var values = chart.Series.SelectMany(s => s.Values).OfType<double>().ToList();
        var (min, max) = (Math.Min(0, values.DefaultIfEmpty(0).Min()), Math.Max(0, values.DefaultIfEmpty(0).Max()));
        Step = NiceStep((max - min) / 4);
        Min = Math.Floor(min / Step) * Step;
        Max = Math.Max(Min + Step, Math.Ceiling(max / Step) * Step);
    }

    public ChartDto Chart { get; }
    public double Min { get; }
    public double Max { get; }
    public double Step { get; }
    public int Periods => Chart.Periods.Count;
    public double PlotWidth => Width - Left - Right;
    public double PlotHeight => Height - Top - Bottom;
    /// <summary>The width given to one period; bars share it, a line's point sits in its middle.</summary>
    public double Slot => PlotWidth / Math.Max(1, Periods);

    public IEnumerable<double> Ticks()
    {
        for (var v = Min; v <= Max + Step / 2; v += Step)
        {
            yield return Math.Round(v, 6);
        }
    }

    public double Y(double value) => Top + PlotHeight * (1 - (value - Min) / (Max - Min));

    public double X(int period) => Left + Slot * (period + 0.5);

    /// <summary>Every n-th period is labelled, so at most <see cref="MaxXLabels"/> labels share the axis.</summary>
    public bool Labelled(int period) => period % Math.Max(1, (int)Math.Ceiling(Periods / (double)MaxXLabels)) == 0;

    public string PeriodLabel(int period) => Chart.Bucket switch
    {
        ChartBucket.Month => Chart.Periods[period].From.ToString("MMM yyyy", CultureInfo.InvariantCulture),
        _ => Chart.Periods[period].From.ToString("d MMM", CultureInfo.InvariantCulture),
    };

    /// <summary>The bar of <paramref name="series"/> in <paramref name="period"/>: x, y, width, height.</summary>
    public (double X, double Y, double W, double H) Bar(int series, int period, double value)
    {
        var n = Math.Max(1, Chart.Series.Count);
        var w = Slot * 0.8 / n;
        var x = Left + Slot * period + Slot * 0.1 + w * series;
        var (top, bottom) = (Y(Math.Max(value, 0)), Y(Math.Min(value, 0)));
        return (x, top, w, Math.Max(bottom - top, value == 0 ? 0 : 1));
    }

    /// <summary>The line of a series as SVG path data, broken where a period has no value.</summary>
    public string LinePath(ChartSeriesDto series)
    {
        var path = new System.Text.StringBuilder();
        var pen = 'M';
        for (var i = 0; i < series.Values.Count; i++)
        {
            if (series.Values[i] is not { } v)
            {
                pen = 'M';
                continue;
            }

            path.Append(CultureInfo.InvariantCulture, $"{pen}{N(X(i))},{N(Y(v))} ");
            pen = 'L';
        }

        return path.ToString().TrimEnd();
    }

    public static string Colour(int series) => Palette[series % Palette.Length];

    public static string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Value(double? v) => v?.ToString("0.##", CultureInfo.InvariantCulture) ?? "–";

    /// <summary>What a screen reader hears for the picture; the table beside it holds every number.</summary>
    public string Summary()
    {
        var parts = Chart.Series.Select(s =>
        {
            var known = s.Values.OfType<double>().ToList();
            return known.Count == 0 ? $"{s.Label}: no data" : $"{s.Label}: from {Value(known[0])} to {Value(known[^1])}, highest {Value(known.Max())}";
        });
        return $"{Chart.Title}, {Chart.Unit}, {Periods} periods from {Chart.From:yyyy-MM-dd} to {Chart.To:yyyy-MM-dd}. {string.Join("; ", parts)}.";
    }

    private static double NiceStep(double rough)
    {
        if (rough <= 0)
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10) * magnitude;
    }
}
