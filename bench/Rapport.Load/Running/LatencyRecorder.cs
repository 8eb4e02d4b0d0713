using HdrHistogram;

namespace Rapport.Load.Running;

/// <summary>Latencies (microseconds, HdrHistogram, 3 significant digits) and result counts of one operation.</summary>
internal sealed class OperationStats
{
    private const long HighestMicroseconds = 120_000_000;

    public LongHistogram Latency { get; } = new(HighestMicroseconds, 3);
    public SortedDictionary<string, long> Results { get; } = new(StringComparer.Ordinal);
    public long Errors { get; private set; }

    public void Record(Outcome outcome, long microseconds)
    {
        Latency.RecordValue(Math.Clamp(microseconds, 1, HighestMicroseconds));
        Results[outcome.Result] = Results.GetValueOrDefault(outcome.Result) + 1;
        if (outcome.IsError)
        {
            Errors++;
        }
    }

    public void Add(OperationStats other)
    {
        Latency.Add(other.Latency);
        foreach (var (result, count) in other.Results)
        {
            Results[result] = Results.GetValueOrDefault(result) + count;
        }

        Errors += other.Errors;
    }
}

/// <summary>One worker's measurements, kept apart from the others' so recording needs no lock; merged at the end.</summary>
internal sealed class LatencyRecorder
{
    public SortedDictionary<string, OperationStats> Operations { get; } = new(StringComparer.Ordinal);

    public void Record(Outcome outcome, long microseconds)
    {
        if (!Operations.TryGetValue(outcome.Operation, out var stats))
        {
            Operations[outcome.Operation] = stats = new OperationStats();
        }

        stats.Record(outcome, microseconds);
    }

    public static LatencyRecorder Merge(IEnumerable<LatencyRecorder> recorders)
    {
        var merged = new LatencyRecorder();
        foreach (var (operation, stats) in recorders.SelectMany(r => r.Operations))
        {
            if (!merged.Operations.TryGetValue(operation, out var into))
            {
                merged.Operations[operation] = into = new OperationStats();
            }

            into.Add(stats);
        }

        return merged;
    }
}
