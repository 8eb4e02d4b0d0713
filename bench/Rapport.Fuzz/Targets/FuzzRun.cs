using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using CsCheck;

namespace Rapport.Fuzz;

/// <summary>One case that broke a property, with what it broke: rerun it alone with the same seed and case number.</summary>
public sealed record FuzzFailure(int Case, string What);

/// <summary>What a run of one target found: cases tried, outcomes by kind (HTTP status, parse result), failures, time.</summary>
public sealed class FuzzReport(string target, ulong seed)
{
    private readonly ConcurrentDictionary<string, int> outcomes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<FuzzFailure> failures = new();

    public string Target => target;
    public ulong Seed => seed;
    public int Cases { get; set; }
    public TimeSpan Elapsed { get; set; }
    public IReadOnlyDictionary<string, int> Outcomes => outcomes;
    public IReadOnlyList<FuzzFailure> Failures => failures.ToList();
    public double CasesPerSecond => Cases / Math.Max(Elapsed.TotalSeconds, 1e-9);

    public void Count(string outcome) => outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);

    public void Fail(int index, string what) => failures.Enqueue(new FuzzFailure(index, what));

    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append($"{target}: {Cases:N0} cases in {Elapsed.TotalSeconds:N1} s ({CasesPerSecond:N0} cases/s), seed {seed}, {failures.Count} failure(s)\n");
        text.Append("  outcomes: ").AppendJoin(", ", outcomes.Where(o => !o.Key.StartsWith("endpoint ", StringComparison.Ordinal))
            .OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value:N0}")).Append('\n');
        var endpoints = outcomes.Where(o => o.Key.StartsWith("endpoint ", StringComparison.Ordinal)).Select(o => o.Value).ToList();
        if (endpoints.Count > 0)
        {
            text.Append($"  endpoints: {endpoints.Count}, {endpoints.Min():N0} to {endpoints.Max():N0} cases each\n");
        }

        foreach (var group in failures.GroupBy(f => f.What.Split('\n')[0]).Take(20))
        {
            text.Append($"  FAIL x{group.Count()} (first: --seed {seed} --case {group.First().Case}): {group.First().What}\n");
        }

        return text.ToString();
    }
}

/// <summary>
/// Runs a target's cases one after another. Case i is generated from its own PCG stream (seed, i), so one failing case is
/// reproduced alone with <c>--seed S --case i</c>, however many cases ran before it.
/// </summary>
public static class FuzzRun
{
    public static PCG Random(ulong seed, int index) => new((uint)index, seed);

    public static async Task<FuzzReport> RunAsync(string target, int cases, ulong seed, Func<PCG, FuzzReport, Task<string?>> check,
        int? onlyCase = null, Action<string>? progress = null)
    {
        var report = new FuzzReport(target, seed);
        var clock = Stopwatch.StartNew();
        var indexes = onlyCase is { } single ? [single] : Enumerable.Range(0, cases);
        var step = Math.Max(cases / 10, 1);
        foreach (var i in indexes)
        {
            try
            {
                if (await check(Random(seed, i), report) is { } failure)
                {
                    report.Fail(i, failure);
                }
            }
            catch (Exception e)
            {
                report.Count("exception");
                report.Fail(i, $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }

            report.Cases++;
            if (progress is not null && report.Cases % step == 0)
            {
                progress($"  {target}: {report.Cases:N0}/{cases:N0} ({report.Cases / clock.Elapsed.TotalSeconds:N0}/s), {report.Failures.Count} failure(s)");
            }
        }

        report.Elapsed = clock.Elapsed;
        return report;
    }

    /// <summary>A value of <paramref name="gen"/> drawn from <paramref name="random"/>.</summary>
    public static T Draw<T>(this PCG random, Gen<T> gen) => gen.Generate(random, null, out _);

    public static int Below(this PCG random, int n) => n <= 1 ? 0 : (int)random.Next((uint)n);

    public static T OneOf<T>(this PCG random, IReadOnlyList<T> items) => items[random.Below(items.Count)];

    public static bool Chance(this PCG random, int percent) => random.Below(100) < percent;
}
