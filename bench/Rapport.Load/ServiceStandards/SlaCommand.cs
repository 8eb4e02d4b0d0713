using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Rapport.Features.ServiceStandards;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Time;

namespace Rapport.Load.ServiceStandards;

/// <summary>
/// `sla`: fills case_targets with the clocks of N open cases (plus as many stopped ones) on a migrated database, then
/// times the sweeper's and the "due soon" view's queries (the app's own LINQ) and prints their plans.
/// Rows are written with SQL straight into case_targets, with foreign keys off: the queries read only that table.
/// </summary>
internal static class SlaCommand
{
    public static Command Create()
    {
        var provider = new Option<string>("--provider") { Description = "sqlite or postgresql.", Required = true };
        provider.AcceptOnlyFromAmong("sqlite", "postgresql");
        var connection = new Option<string>("--connection") { Description = "Connection string of a fresh database.", Required = true };
        var cases = new Option<int>("--cases") { Description = "Open cases (two running clocks each).", DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("sla", "Benchmark the service-standard due-time queries at scale.") { provider, connection, cases };
        command.SetAction(async (pr, ct) =>
        {
            var p = pr.GetValue(provider) == "postgresql" ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
            await RunAsync(p, pr.GetValue(connection)!, pr.GetValue(cases), ct);
        });
        return command;
    }

    private static async Task RunAsync(DatabaseProvider provider, string connectionString, int cases, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DatabaseOptions.Section}:Provider"] = provider.ToString(),
            [$"{DatabaseOptions.Section}:ConnectionString"] = connectionString,
        }).Build();
        var services = new ServiceCollection().AddLogging().AddRapportTime().AddRapportData(configuration);
        await using var sp = services.BuildServiceProvider();
        await using var scope = sp.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(30));
        await db.MigrateAsync(ct);

        // Due times spread over two days ago .. fourteen days ahead; now is the middle of 2026-03-02.
        var now = new DateTime(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);
        var fill = Stopwatch.StartNew();
        if (!await db.CaseTargets.AnyAsync(ct)) // a second run measures the same rows again
        {
            await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? PostgresFill(cases) : SqliteFill(cases), ct);
            await db.Database.ExecuteSqlRawAsync(db.IsPostgres ? "ANALYZE case_targets" : "ANALYZE", ct);
        }

        Console.WriteLine($"{provider}: {await db.CaseTargets.CountAsync(ct):N0} clocks for {cases:N0} open cases written in {fill.Elapsed.TotalSeconds:F0} s");

        await MeasureAsync(db, "sweep: overdue, not yet recorded (batch of 200)", ServiceClockQueries.Overdue(db, now).Take(ServiceSweeper.BatchSize), ct);
        await MeasureAsync(db, "sweep: due within 30 min, not yet announced", ServiceClockQueries.ToAnnounce(db, now, now.AddMinutes(30)).Take(ServiceSweeper.BatchSize), ct);
        await MeasureAsync(db, "view: due within 1 h (first 100)", ServiceClockQueries.DueBy(db, now.AddHours(1)).Take(100), ct);
        await MeasureAsync(db, "view: breached, open (first 100)", ServiceClockQueries.Breached(db).Take(100), ct);
    }

    private static async Task MeasureAsync(RapportDbContext db, string name, IQueryable<CaseTarget> query, CancellationToken ct)
    {
        var rows = (await query.AsNoTracking().ToListAsync(ct)).Count; // warm
        var times = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            var sw = Stopwatch.StartNew();
            await query.AsNoTracking().ToListAsync(ct);
            times.Add(sw.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        Console.WriteLine($"\n## {name}: {rows} rows, median {times[10].ToString("F2", CultureInfo.InvariantCulture)} ms, max {times[^1].ToString("F2", CultureInfo.InvariantCulture)} ms");
        var sql = query.ToQueryString();
        var explain = db.IsPostgres ? "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " : "EXPLAIN QUERY PLAN ";
        var connection = db.Database.GetDbConnection(); // EF's own: not ours to dispose
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(ct);
        }

        await using var command = connection.CreateCommand();
        // ToQueryString declares parameters as text in front of the statement; inline them for EXPLAIN.
        var lines = sql.Split('\n');
        var body = string.Join('\n', lines.Where(l => !l.StartsWith("--", StringComparison.Ordinal) && !l.StartsWith(".param", StringComparison.Ordinal) && !l.StartsWith("SET ", StringComparison.Ordinal)));
        foreach (var l in lines.Where(l => l.StartsWith("-- @", StringComparison.Ordinal) || l.StartsWith(".param set", StringComparison.Ordinal)))
        {
            var (pname, value) = ParseParameter(l);
            body = body.Replace(pname, value, StringComparison.Ordinal);
        }

        command.CommandText = explain + body;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            Console.WriteLine("    " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetValue)));
        }
    }

    private static (string Name, string Value) ParseParameter(string line)
    {
        // "-- @until='2026-03-02T13:00:00.0000000Z' (DbType = DateTime)" or ".param set @until '2026-03-02 13:00:00'"
        var text = line.StartsWith("--", StringComparison.Ordinal) ? line[3..] : line[".param set ".Length..];
        var split = text.IndexOfAny(['=', ' ']);
        var name = text[..split];
        var value = text[(split + 1)..].Trim();
        var quoted = value.StartsWith('\'') ? value[..(value.IndexOf('\'', 1) + 1)] : value.Split(' ')[0];
        return (name, quoted);
    }

    private static string SqliteFill(int cases) => $"""
        PRAGMA foreign_keys = OFF;
        WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {cases})
        INSERT INTO case_targets ("CaseId", "Kind", "PolicyId", "Target", "BusinessHours", "StartedAt", "PausedFor", "PausedAt", "DueAt", "MetAt", "BreachedAt", "DueSoonNotifiedAt")
        SELECT printf('00000000-0000-7000-8000-%012d', i), k.kind, '00000000-0000-7000-8000-000000000001', '08:00:00', 1,
               '2026-02-28 12:00:00', '00:00:00', NULL,
               CASE WHEN k.kind = 'FirstResponse' AND i % 2 = 0 THEN NULL
                    ELSE strftime('%Y-%m-%d %H:%M:%S', '2026-02-28 12:00:00', '+' || ((i * 7919 + length(k.kind)) % 1382400) || ' seconds') END,
               CASE WHEN k.kind = 'FirstResponse' AND i % 2 = 0 THEN '2026-02-28 13:00:00' END,
               CASE WHEN i % 100 = 0 AND k.kind = 'Resolution' THEN '2026-03-01 12:00:00' END, NULL
        FROM s, (SELECT 'FirstResponse' AS kind UNION ALL SELECT 'CustomerUpdate' UNION ALL SELECT 'Resolution') k;
        PRAGMA foreign_keys = ON;
        """;

    private static string PostgresFill(int cases) => $"""
        SET session_replication_role = replica;
        INSERT INTO case_targets ("CaseId", "Kind", "PolicyId", "Target", "BusinessHours", "StartedAt", "PausedFor", "PausedAt", "DueAt", "MetAt", "BreachedAt", "DueSoonNotifiedAt")
        SELECT ('00000000-0000-7000-8000-' || lpad(i::text, 12, '0'))::uuid, k.kind, '00000000-0000-7000-8000-000000000001', interval '8 hours', true,
               timestamptz '2026-02-28 12:00:00+00', interval '0', NULL,
               CASE WHEN k.kind = 'FirstResponse' AND i % 2 = 0 THEN NULL
                    ELSE timestamptz '2026-02-28 12:00:00+00' + ((i::bigint * 7919 + length(k.kind)) % 1382400) * interval '1 second' END,
               CASE WHEN k.kind = 'FirstResponse' AND i % 2 = 0 THEN timestamptz '2026-02-28 13:00:00+00' END,
               CASE WHEN i % 100 = 0 AND k.kind = 'Resolution' THEN timestamptz '2026-03-01 12:00:00+00' END, NULL
        FROM generate_series(1, {cases}) i, (VALUES ('FirstResponse'), ('CustomerUpdate'), ('Resolution')) k(kind);
        SET session_replication_role = DEFAULT;
        """;
}
