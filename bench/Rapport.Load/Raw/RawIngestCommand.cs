using System.CommandLine;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rapport.Features.Customers;
using Rapport.Load.Running;
using Rapport.Load.Samples;

namespace Rapport.Load.Raw;

/// <summary>
/// <c>raw</c>: the floor to compare ingestion with. The same message mix as the ingest scenario, written straight
/// into the database with prepared statements and no HTTP, no application: per message the indexed lookups the
/// pipeline needs (sender's contact point, the parent of a reply, a text's open conversation) and the inserts and
/// updates of the same rows, many messages per fsynced transaction. No audit entries, webhooks or validation.
/// </summary>
internal static class RawIngestCommand
{
    public static Command Create()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgresql.", Required = true };
        provider.AcceptOnlyFromAmong("sqlite", "postgresql");
        var connection = new Option<string>("--connection") { Description = "Connection string of a generated Rapport database.", Required = true };
        var messages = new Option<int>("--messages") { Description = "How many messages to write.", DefaultValueFactory = _ => 100_000 };
        var batch = new Option<int>("--batch") { Description = "Messages per transaction (the app's writer takes up to 500).", DefaultValueFactory = _ => 500 };
        var samples = new Option<string>("--samples") { Description = "Sample file written by generate.", DefaultValueFactory = _ => "rapport-samples.tsv" };
        var seed = new Option<int>("--seed") { Description = "Seed for the mix.", DefaultValueFactory = _ => 1 };
        var pragma = new Option<string?>("--pragma") { Description = "SQLite only: statements run on the connection first, e.g. \"PRAGMA cache_size=-65536\"." };
        var command = new Command("raw", "Write the ingest scenario's rows straight into the database (no HTTP) and report messages/s.")
        {
            provider, connection, messages, batch, samples, seed, pragma,
        };
        command.SetAction(async (pr, ct) =>
        {
            var postgres = pr.GetValue(provider) == "postgresql";
            await using DbConnection db = postgres ? new NpgsqlConnection(pr.GetValue(connection)) : new SqliteConnection(pr.GetValue(connection));
            await db.OpenAsync(ct);
            if (!postgres && pr.GetValue(pragma) is { Length: > 0 } statements)
            {
                await using var tune = db.CreateCommand();
                tune.CommandText = statements;
                await tune.ExecuteNonQueryAsync(ct);
            }

            return await RunAsync(db, postgres, SampleFile.Read(pr.GetValue(samples)!), pr.GetValue(messages), pr.GetValue(batch), pr.GetValue(seed), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(DbConnection db, bool postgres, IReadOnlyList<Sample> samples, int count, int batchSize, int seed,
        CancellationToken ct)
    {
        var runId = "raw" + DateTime.UtcNow.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        var mix = new InboundMix(samples, runId, 1);
        var rules = new ContactPointRules("GB");
        var random = new Random(seed);
        var statements = new RawStatements(db, postgres);
        var kinds = new Dictionary<string, int>();
        // Only the database's work is timed: making and normalising the next message is the application's.
        var timed = new Stopwatch();
        for (var start = 0; start < count; start += batchSize)
        {
            timed.Start();
            await using var transaction = await db.BeginTransactionAsync(ct);
            statements.Enlist(transaction);
            timed.Stop();
            for (var i = start; i < Math.Min(count, start + batchSize); i++)
            {
                var message = mix.Next(random, 0, i);
                var key = message.Body.From.Email is { } email ? ContactPointRules.NormalizeEmail(email) : rules.NormalizePhone(message.Body.From.Phone!);
                timed.Start();
                var (customerId, conversationId) = await statements.StoreAsync(message, key, ct);
                timed.Stop();
                mix.Stored(0, message, customerId, conversationId);
                kinds[message.Kind] = kinds.GetValueOrDefault(message.Kind) + 1;
            }

            timed.Start();
            await transaction.CommitAsync(ct);
            timed.Stop();
        }

        var elapsed = timed.Elapsed;
        if (!postgres)
        {
            // With wal_autocheckpoint=0 in --pragma, the WAL holds every page the run wrote: the write volume per message.
            await using var wal = db.CreateCommand();
            wal.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
            await using var frames = await wal.ExecuteReaderAsync(ct);
            if (await frames.ReadAsync(ct))
            {
                var pages = frames.GetInt64(1);
                Console.WriteLine($"WAL frames: {pages:N0} ({pages * 4096.0 / count / 1024:N1} KiB per message)");
            }
        }

        await using var durability = db.CreateCommand();
        // What a commit waits for, as a connection opened like the app's sees it (the app sets neither).
        durability.CommandText = postgres ? "SHOW synchronous_commit" : "PRAGMA synchronous";
        var setting = await durability.ExecuteScalarAsync(ct);
        Console.WriteLine(postgres ? $"synchronous_commit = {setting}" : $"PRAGMA synchronous = {setting} (0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA)");
        Console.WriteLine($"raw {(postgres ? "postgresql" : "sqlite")}: {count:N0} messages ({string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value:N0}"))}), " +
            $"{batchSize} per transaction, {elapsed.TotalSeconds:N1} s in the database, {count / elapsed.TotalSeconds:N0} messages/s");
        return 0;
    }
}
