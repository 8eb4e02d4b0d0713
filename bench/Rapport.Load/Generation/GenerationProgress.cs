using System.Diagnostics;

namespace Rapport.Load.Generation;

/// <summary>Counts what was written and prints rates: end to end, and for the database writes alone.</summary>
internal sealed class GenerationProgress
{
    private readonly long started = Stopwatch.GetTimestamp();
    private readonly TimeSpan cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
    private long lastPrinted = Stopwatch.GetTimestamp();
    private long customers;
    private long rows;
    private TimeSpan writing;

    public void Add(int batchCustomers, int batchRows, TimeSpan batchWriting)
    {
        customers += batchCustomers;
        rows += batchRows;
        writing += batchWriting;
        if (Stopwatch.GetElapsedTime(lastPrinted) > TimeSpan.FromSeconds(10))
        {
            lastPrinted = Stopwatch.GetTimestamp();
            Console.WriteLine($"  {customers:N0} customers, {rows:N0} rows, {Rate(rows, Stopwatch.GetElapsedTime(started)):N0} rows/s");
        }
    }

    public void Finish(TimeSpan finishing)
    {
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"Wrote {customers:N0} customers / {rows:N0} rows (customers + contact points + notes) in {elapsed.TotalSeconds:N1} s " +
            $"(of which {finishing.TotalSeconds:N1} s checkpoint/analyze).");
        Console.WriteLine($"  end to end: {Rate(customers, elapsed):N0} customers/s, {Rate(rows, elapsed):N0} rows/s");
        Console.WriteLine($"  database writes alone: {Rate(rows, writing):N0} rows/s ({writing.TotalSeconds:N1} s)");
        // On a shared machine wall-clock rates depend on the neighbours; CPU time spent here depends much less on them.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart;
        Console.WriteLine($"  this process used {cpu.TotalSeconds:N1} s of CPU: {Rate(rows, cpu):N0} rows per CPU-second " +
            "(the database server's CPU is not included for PostgreSQL)");
    }

    private static double Rate(long count, TimeSpan time) => time.TotalSeconds > 0 ? count / time.TotalSeconds : 0;
}
