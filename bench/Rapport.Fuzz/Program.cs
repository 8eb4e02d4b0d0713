using System.Globalization;

namespace Rapport.Fuzz;

/// <summary>
/// <c>rapport-fuzz --cases 100000 --seed 20261205 [--target mime|csv|webhooks|json] [--case N] [--postgres "Host=..."]</c>:
/// each target's cases against the product's own code and in-process host; exit code 1 when any property failed.
/// </summary>
internal static class FuzzCommand
{
    public static async Task<int> Main(string[] args)
    {
        string? Option(string name) => Array.IndexOf(args, name) is >= 0 and var i && i + 1 < args.Length ? args[i + 1] : null;
        var cases = int.Parse(Option("--cases") ?? "100000", CultureInfo.InvariantCulture);
        var seed = ulong.Parse(Option("--seed") ?? "20261205", CultureInfo.InvariantCulture);
        int? onlyCase = Option("--case") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : null;
        var targets = Option("--target") is { } t ? t.Split(',') : ["mime", "csv", "webhooks", "json"];
        var postgres = Option("--postgres");
        Console.WriteLine($"rapport-fuzz: {cases:N0} cases per target, seed {seed}, targets {string.Join(", ", targets)}, {(postgres is null ? "SQLite" : "PostgreSQL")}, {Environment.ProcessorCount} cores");

        var failed = false;
        foreach (var target in targets)
        {
            FuzzReport report;
            if (target == "mime")
            {
                report = await MimeFuzz.RunAsync(cases, seed, onlyCase, Console.WriteLine);
            }
            else
            {
                // Each target has a host and database of its own, so one target's writes never show in another's fingerprint.
                var (factory, host) = await FuzzHostFactory.StartAsync(postgres);
                await using (factory)
                {
                    report = target switch
                    {
                        "csv" => await CsvImportFuzz.RunAsync(host, cases, seed, onlyCase, Console.WriteLine),
                        "webhooks" => await WebhookFuzz.RunAsync(host, cases, seed, onlyCase, Console.WriteLine),
                        "json" => await JsonEndpointFuzz.RunAsync(host, cases, seed, onlyCase, Console.WriteLine),
                        _ => throw new ArgumentException($"Unknown target {target}: mime, csv, webhooks or json."),
                    };
                }
            }

            Console.Write(report);
            if (onlyCase is not null)
            {
                foreach (var failure in report.Failures)
                {
                    Console.WriteLine(failure.What);
                }
            }

            failed |= report.Failures.Count > 0;
        }

        return failed ? 1 : 0;
    }
}
