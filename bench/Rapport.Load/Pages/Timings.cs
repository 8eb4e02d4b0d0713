using System.Globalization;

namespace Rapport.Load.Pages;

/// <summary>One measured page: until ready, and for full loads the server's first byte and the circuit coming up.</summary>
internal sealed record PageSample(string Page, double Ready, double Frame, double FirstByte = 0, double Circuit = 0, Phases? Phases = null);

/// <summary>Where a full load's time went, ms from navigation start: the document received and parsed, the circuit's socket made, opened, its first and last message before ready.</summary>
internal sealed record Phases(double ResponseEnd, double DomContentLoaded, double SocketNew, double SocketOpen, double SocketFirst, double SocketLast);

/// <summary>Samples per page and over all pages, printed as p50/p95/max (nearest rank).</summary>
internal sealed class Timings(string title)
{
    private readonly List<PageSample> samples = [];
    private readonly List<string> failures = [];

    public void Add(PageSample sample) => samples.Add(sample);

    public void Fail(string what) => failures.Add(what);

    public void Print(bool fullLoads)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        var extra = fullLoads ? "  first byte p50  circuit up p50" : "";
        Console.WriteLine($"  {"page",-14} {"n",4} {"p50 ms",8} {"p95 ms",8} {"max ms",8} {"painted p95",12}{extra}");
        foreach (var group in samples.GroupBy(s => s.Page))
        {
            Row(group.Key, [.. group], fullLoads);
        }

        Row("all pages", samples, fullLoads);
        if (fullLoads)
        {
            Console.WriteLine("  where the time goes, p50 ms from navigation start: page received · page parsed · socket made · socket open · first message · last message before ready · ready");
            foreach (var group in samples.Where(s => s.Phases is not null).GroupBy(s => s.Page))
            {
                double P(Func<Phases, double> f) => Percentile([.. group.Select(s => f(s.Phases!))], 0.50);
                Console.WriteLine($"  {group.Key,-14} {Ms(P(x => x.ResponseEnd)),6} · {Ms(P(x => x.DomContentLoaded)),4} · {Ms(P(x => x.SocketNew)),4} · {Ms(P(x => x.SocketOpen)),4} · " +
                    $"{Ms(P(x => x.SocketFirst)),4} · {Ms(P(x => x.SocketLast)),4} · {Ms(Percentile([.. group.Select(s => s.Ready)], 0.50)),4}");
            }
        }

        foreach (var f in failures)
        {
            Console.WriteLine($"  FAILED: {f}");
        }
    }

    private static void Row(string name, IReadOnlyList<PageSample> rows, bool fullLoads)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var ready = rows.Select(r => r.Ready).ToList();
        var extra = fullLoads
            ? $"  {Ms(Percentile(rows.Select(r => r.FirstByte).ToList(), 0.50)),15}  {Ms(Percentile(rows.Select(r => r.Circuit).ToList(), 0.50)),14}"
            : "";
        Console.WriteLine($"  {name,-14} {rows.Count,4} {Ms(Percentile(ready, 0.50)),8} {Ms(Percentile(ready, 0.95)),8} {Ms(ready.Max()),8} " +
            $"{Ms(Percentile(rows.Select(r => r.Frame).ToList(), 0.95)),12}{extra}");
    }

    public static double Percentile(List<double> values, double q)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1)];
    }

    private static string Ms(double v) => v.ToString("0", CultureInfo.InvariantCulture);
}
