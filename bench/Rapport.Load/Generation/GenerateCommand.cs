using System.CommandLine;
using System.Diagnostics;
using System.Threading.Channels;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;
using Rapport.Load.Samples;

namespace Rapport.Load.Generation;

/// <summary><c>generate</c>: migrates the database, appends N deterministic customers, writes the sample file.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgresql.", Required = true };
        provider.AcceptOnlyFromAmong("sqlite", "postgresql");
        var connection = new Option<string>("--connection") { Description = "Connection string of the Rapport database.", Required = true };
        var count = new Option<long>("--customers") { Description = "How many customers to add.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Same seed, same customers.", DefaultValueFactory = _ => 42 };
        var first = new Option<long>("--first-index")
        {
            Description = "Index of the first customer to add; to grow 100k into 1M, add 900000 from 100000.",
            DefaultValueFactory = _ => 0,
        };
        var batch = new Option<int>("--batch") { Description = "Customers per transaction.", DefaultValueFactory = _ => 20_000 };
        var samples = new Option<string>("--samples") { Description = "Where to write the sample file.", DefaultValueFactory = _ => "rapport-samples.tsv" };
        var sampleCount = new Option<int>("--sample-count") { Description = "Customers to sample.", DefaultValueFactory = _ => 10_000 };

        var command = new Command("generate", "Fill a Rapport database with generated customers, contact points, profiles and notes.")
        {
            provider, connection, count, seed, first, batch, samples, sampleCount,
        };
        command.SetAction(async (pr, ct) =>
        {
            var options = new GenerateOptions(
                pr.GetValue(provider) == "postgresql" ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite,
                pr.GetValue(connection)!, pr.GetValue(count), pr.GetValue(seed), pr.GetValue(first), pr.GetValue(batch),
                pr.GetValue(samples)!, pr.GetValue(sampleCount));
            return await RunAsync(options, ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(GenerateOptions o, CancellationToken ct)
    {
        await Migration.RunAsync(o.Provider, o.ConnectionString, ct);
        await using IBulkLoad load = o.Provider == DatabaseProvider.PostgreSql
            ? await PostgresBulkLoad.OpenAsync(o.ConnectionString, ct)
            : await SqliteBulkLoad.OpenAsync(o.ConnectionString, ct);
        var before = await load.CountCustomersAsync(ct);
        Console.WriteLine($"{o.Provider}: {before:N0} customers before; adding {o.Customers:N0} from index {o.FirstIndex:N0} (seed {o.Seed}).");

        var rules = new ContactPointRules("GB");
        var batches = System.Threading.Channels.Channel.CreateBounded<List<SyntheticCustomer>>(4);
        var producer = Task.Run(() => ProduceAsync(new SyntheticCustomers(o.Seed, rules), o, batches.Writer, ct), ct);

        var progress = new GenerationProgress();
        await foreach (var batch in batches.Reader.ReadAllAsync(ct))
        {
            var started = Stopwatch.GetTimestamp();
            await load.WriteAsync(batch, ct);
            progress.Add(batch.Count, batch.Sum(c => c.RowCount), Stopwatch.GetElapsedTime(started));
        }

        await producer;
        var finishing = Stopwatch.GetTimestamp();
        await load.FinishAsync(ct);
        progress.Finish(Stopwatch.GetElapsedTime(finishing));
        Console.WriteLine($"{await load.CountCustomersAsync(ct):N0} customers now.");

        var total = o.FirstIndex + o.Customers;
        var written = await SampleFile.WriteAsync(o.SamplesPath,
            SampleFile.Build(new SyntheticCustomers(o.Seed, rules), total, o.SampleCount), ct);
        Console.WriteLine($"Wrote {written:N0} samples of customers 0..{total - 1:N0} to {Path.GetFullPath(o.SamplesPath)}.");
        return 0;
    }

    private static async Task ProduceAsync(SyntheticCustomers customers, GenerateOptions o, ChannelWriter<List<SyntheticCustomer>> output,
        CancellationToken ct)
    {
        try
        {
            var end = o.FirstIndex + o.Customers;
            for (var start = o.FirstIndex; start < end; start += o.Batch)
            {
                var batch = new List<SyntheticCustomer>(o.Batch);
                for (var index = start; index < Math.Min(end, start + o.Batch); index++)
                {
                    batch.Add(customers.Make(index));
                }

                await output.WriteAsync(batch, ct);
            }

            output.Complete();
        }
        catch (Exception e)
        {
            output.Complete(e);
            throw;
        }
    }
}

internal sealed record GenerateOptions(
    DatabaseProvider Provider, string ConnectionString, long Customers, int Seed, long FirstIndex, int Batch,
    string SamplesPath, int SampleCount);
