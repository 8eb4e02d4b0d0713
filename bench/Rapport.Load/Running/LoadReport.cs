using HdrHistogram;

namespace Rapport.Load.Running;

/// <summary>Throughput and latency percentiles per operation, printed as a table.</summary>
internal sealed class LoadReport(RunOptions options, LatencyRecorder results, TimeSpan measured, TimeSpan? serverCpu)
{
    public long Errors => results.Operations.Values.Sum(s => s.Errors);

    public void Print(TextWriter output)
    {
        output.WriteLine($"scenario {options.Scenario}{(options.WithRelated ? " (with notes and history)" : "")}, " +
            $"concurrency {options.Concurrency}, measured {measured.TotalSeconds:N1} s after {options.Warmup.TotalSeconds:N0} s warm-up, {options.Url}");
        output.WriteLine($"{"operation",-14} {"count",9} {"req/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"max ms",9} {"errors",7}  results");
        foreach (var (operation, stats) in results.Operations)
        {
            var h = stats.Latency;
            output.WriteLine($"{operation,-14} {h.TotalCount,9:N0} {h.TotalCount / measured.TotalSeconds,9:N1} " +
                $"{Ms(h.GetValueAtPercentile(50)),8:N2} {Ms(h.GetValueAtPercentile(95)),8:N2} {Ms(h.GetValueAtPercentile(99)),8:N2} " +
                $"{Ms(h.GetMaxValue()),9:N2} {stats.Errors,7:N0}  {string.Join(" ", stats.Results.Select(r => $"{r.Key}:{r.Value}"))}");
        }

        var total = results.Operations.Values.Sum(s => s.Latency.TotalCount);
        if (results.Operations.Count > 1)
        {
            var all = new OperationStats();
            foreach (var stats in results.Operations.Values)
            {
                all.Add(stats);
            }

            var h = all.Latency;
            output.WriteLine($"{"total",-14} {total,9:N0} {total / measured.TotalSeconds,9:N1} " +
                $"{Ms(h.GetValueAtPercentile(50)),8:N2} {Ms(h.GetValueAtPercentile(95)),8:N2} {Ms(h.GetValueAtPercentile(99)),8:N2} {Ms(h.GetMaxValue()),9:N2} {all.Errors,7:N0}");
        }
        else
        {
            output.WriteLine($"{"total",-14} {total,9:N0} {total / measured.TotalSeconds,9:N1}");
        }
        if (serverCpu is { } cpu && total > 0)
        {
            // Requests still in flight when the run stopped are not counted, so this slightly overstates the cost.
            output.WriteLine($"server CPU {cpu.TotalSeconds:N2} s over the measured time: {cpu.TotalMilliseconds / total:N3} ms per request, " +
                $"{cpu.TotalSeconds / measured.TotalSeconds:N2} cores");
        }
    }

    private static double Ms(long microseconds) => microseconds / 1000.0;
}
