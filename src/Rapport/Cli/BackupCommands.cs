using System.CommandLine;
using System.Diagnostics;
using System.IO.Compression;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Backup;
using Rapport.Infrastructure.Data;

namespace Rapport.Cli;

/// <summary><c>rapport backup FILE</c> and <c>rapport restore FILE [--force]</c>: the database and the files beside it, in one archive.</summary>
internal static class BackupCommands
{
    public static Command Backup()
    {
        var file = new Argument<FileInfo>("file") { Description = "The archive to write (a zip); it must not exist yet." };
        return RapportCli.Admin("backup", "Write a consistent backup of the database, blobs, keys and audit anchors to one file; safe while Rapport runs.",
            [file], RapportCli.DatabaseUse.ReadOnly, async (sp, pr, ct) =>
            {
                var db = sp.GetRequiredService<RapportDbContext>();
                var data = Locations(sp.GetRequiredService<IConfiguration>());
                var target = pr.GetValue(file)!;
                var clock = Stopwatch.StartNew();
                var manifest = await DatabaseBackup.WriteAsync(data, Tables(db, data.Provider), target.FullName, sp.GetRequiredService<TimeProvider>(), ct);
                var size = new FileInfo(target.FullName).Length;
                Console.WriteLine($"Backed up {manifest.Tables.Values.Sum()} rows in {manifest.Tables.Count} tables and {manifest.Files.Values.Sum()} files " +
                    $"(schema {manifest.Migration}) to '{target.FullName}': {size / 1024.0 / 1024.0:0.0} MiB in {clock.Elapsed.TotalSeconds:0.0} s.");
                return 0;
            });
    }

    public static Command Restore()
    {
        var file = new Argument<FileInfo>("file") { Description = "A backup written by `rapport backup`." };
        var force = new Option<bool>("--force") { Description = "Replace the database and files already there (stop Rapport first)." };
        var command = new Command("restore", "Restore a backup into the configured database and data folders, then apply the migrations it lacks.");
        command.Arguments.Add(file);
        command.Options.Add(force);
        command.SetAction(async (pr, ct) =>
        {
            try
            {
                var archive = pr.GetValue(file)!;
                if (!archive.Exists)
                {
                    return RapportCli.Fail($"The file '{archive.FullName}' does not exist.");
                }

                var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
                builder.Logging.SetMinimumLevel(LogLevel.Warning);
                var data = Locations(builder.Configuration);
                await using var stream = archive.OpenRead();
                using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
                var manifest = DatabaseRestore.ReadManifest(zip, archive.FullName);

                RapportApp.AddServices(builder.Services, builder.Configuration);
                await using var app = builder.Build();
                List<string> known;
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    known = [.. scope.ServiceProvider.GetRequiredService<RapportDbContext>().Database.GetMigrations()];
                }

                if (DatabaseRestore.Refusal(manifest, data, known) is { } refusal)
                {
                    return RapportCli.Fail(refusal);
                }

                var occupied = await DatabaseRestore.OccupiedAsync(data, ct);
                if (occupied.Count > 0 && !pr.GetValue(force))
                {
                    return RapportCli.Fail($"there is data already at {string.Join(", ", occupied)}; restore replaces nothing unless told to. " +
                        "Stop Rapport and run it again with --force to replace that data, or point the configuration at an empty place.");
                }

                var clock = Stopwatch.StartNew();
                var setAside = await DatabaseRestore.RestoreAsync(zip, manifest, data, app.Services.GetRequiredService<TimeProvider>().GetUtcNow(), ct);
                var pending = known.Count - 1 - known.IndexOf(manifest.Migration);
                await RapportApp.PrepareDatabaseAsync(app.Services, seedDemo: false, ct);
                Console.WriteLine($"Restored the backup of {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC: {manifest.Tables.Values.Sum()} rows in " +
                    $"{manifest.Tables.Count} tables and {manifest.Files.Values.Sum()} files, in {clock.Elapsed.TotalSeconds:0.0} s.");
                Console.WriteLine(pending == 0
                    ? "Its schema is this version's: no migration was needed."
                    : $"It was taken by an earlier version: {pending} migration(s) were applied.");
                foreach (var file in setAside)
                {
                    Console.WriteLine($"Kept the file that was there as '{file}' (anchors written after the backup vouch for entries it no longer has).");
                }
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException or DbUpdateException or System.Data.Common.DbException
                or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
            {
                return RapportCli.Fail(e.Message);
            }
        });
        return command;
    }

    private static DataLocations Locations(IConfiguration configuration)
    {
        var anchors = AuditAnchorSettings.From(configuration);
        // The default key file lives beside the data and goes with it; a key the administrator keeps elsewhere stays there.
        return DataLocations.From(configuration, anchors.Path, anchors.Key is null && !anchors.KeyFileChosen ? anchors.KeyFile : null);
    }

    /// <summary>Every table of the model, and the migration history.</summary>
    private static List<string> Tables(RapportDbContext db, DatabaseProvider provider) =>
        [.. db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Append(DatabaseContents.HistoryTable(provider)).Distinct()];
}
