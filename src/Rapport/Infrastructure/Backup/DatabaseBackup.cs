using System.Data;
using System.IO.Compression;
using Npgsql;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Backup;

/// <summary>
/// Writes one archive (zip) holding a consistent copy of the database, the files beside it and a manifest. Taken while
/// Rapport runs: the database is copied as of one instant (SQLite's online backup API; on PostgreSQL <c>pg_dump</c> in
/// an exported snapshot, in which the manifest's counts are taken too), then the files. Blobs are content-addressed and
/// written before any row refers to them, so every blob the copied database refers to is on disk by then.
/// </summary>
public static class DatabaseBackup
{
    public static async Task<BackupManifest> WriteAsync(DataLocations data, IReadOnlyCollection<string> tables, string archive, TimeProvider time,
        CancellationToken ct)
    {
        archive = Path.GetFullPath(archive);
        if (File.Exists(archive))
        {
            throw new IOException($"'{archive}' already exists: a backup never replaces a file. Choose a new name (e.g. with the date in it).");
        }

        var work = Directory.CreateTempSubdirectory("rapport-backup-").FullName;
        var partial = archive + ".partial";
        try
        {
            var createdAt = time.GetUtcNow();
            var (entry, copy, migration, counts) = data.Provider == DatabaseProvider.PostgreSql
                ? await DumpPostgresAsync(data, tables, work, ct)
                : await CopySqliteAsync(data, tables, work, ct);

            var files = new SortedDictionary<string, int>(StringComparer.Ordinal);
            Directory.CreateDirectory(Path.GetDirectoryName(archive)!);
            BackupManifest manifest;
            await using (var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write))
            {
                await using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
                {
                    await zip.CreateEntryFromFileAsync(copy, entry, CompressionLevel.Fastest, ct);
                    foreach (var (kind, directory) in data.Folders)
                    {
                        files[kind] = await AddFolderAsync(zip, directory, $"files/{kind}/", ct);
                    }

                    files["audit"] = 0;
                    foreach (var (name, path) in data.SingleFiles)
                    {
                        if (File.Exists(path))
                        {
                            await AddSharedFileAsync(zip, path, $"files/{name}", ct);
                            files["audit"]++;
                        }
                    }

                    manifest = new BackupManifest
                    {
                        Provider = data.Provider,
                        Migration = migration,
                        CreatedAt = createdAt,
                        RapportVersion = typeof(DatabaseBackup).Assembly.GetName().Version?.ToString(),
                        DatabaseEntry = entry,
                        Tables = counts,
                        Files = files,
                    };
                    var manifestEntry = zip.CreateEntry(BackupManifest.EntryName, CompressionLevel.Fastest);
                    await using var writer = new StreamWriter(await manifestEntry.OpenAsync(ct));
                    await writer.WriteAsync(manifest.ToJson());
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(partial, archive);
            return manifest;
        }
        finally
        {
            File.Delete(partial);
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<(string Entry, string Copy, string Migration, SortedDictionary<string, long> Counts)> CopySqliteAsync(
        DataLocations data, IReadOnlyCollection<string> tables, string work, CancellationToken ct)
    {
        var copy = Path.Combine(work, "rapport.db");
        SqliteSnapshot.Copy(data.ConnectionString, copy);
        await using var connection = SqliteSnapshot.Open(copy);
        await connection.OpenAsync(ct);
        var migration = await DatabaseContents.LastMigrationAsync(connection, data.Provider, ct)
            ?? throw new InvalidOperationException("The database has no migration history: it is not a Rapport database.");
        return ("database/rapport.db", copy, migration, await DatabaseContents.CountAsync(connection, tables, ct));
    }

    private static async Task<(string Entry, string Copy, string Migration, SortedDictionary<string, long> Counts)> DumpPostgresAsync(
        DataLocations data, IReadOnlyCollection<string> tables, string work, CancellationToken ct)
    {
        var copy = Path.Combine(work, "rapport.pgdump");
        await using var connection = new NpgsqlConnection(data.ConnectionString);
        await connection.OpenAsync(ct);
        // pg_dump reads in the snapshot this transaction exports, so the counts in the manifest are those of the dump.
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        await using (var readOnly = new NpgsqlCommand("SET TRANSACTION READ ONLY", connection, transaction))
        {
            await readOnly.ExecuteNonQueryAsync(ct);
        }

        string snapshot;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction))
        {
            snapshot = (string)(await export.ExecuteScalarAsync(ct))!;
        }

        var migration = await DatabaseContents.LastMigrationAsync(connection, data.Provider, ct)
            ?? throw new InvalidOperationException("The database has no migration history: it is not a Rapport database.");
        var counts = await DatabaseContents.CountAsync(connection, tables, ct);
        await PostgresTools.RunAsync("pg_dump", data.ConnectionString,
            ["--format=custom", "--compress=6", $"--snapshot={snapshot}", "--no-owner", "--no-privileges", $"--file={copy}"], ct);
        await transaction.CommitAsync(ct);
        return ("database/rapport.pgdump", copy, migration, counts);
    }

    private static async Task<int> AddFolderAsync(ZipArchive zip, string directory, string prefix, CancellationToken ct)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            // A blob being written is a temp file until it is moved into place; it is no blob yet.
            if (Path.GetFileName(file).Contains(".tmp-", StringComparison.Ordinal))
            {
                continue;
            }

            var name = prefix + Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/');
            try
            {
                await AddSharedFileAsync(zip, file, name, ct);
                count++;
            }
            catch (FileNotFoundException)
            {
                // Deleted (an erasure) after the database was copied: the copy may still refer to it, as the original did.
            }
        }

        return count;
    }

    /// <summary>Adds a file that the running host may be appending to (the anchor file) as far as it is written.</summary>
    private static async Task AddSharedFileAsync(ZipArchive zip, string path, string name, CancellationToken ct)
    {
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        entry.LastWriteTime = File.GetLastWriteTimeUtc(path);
        await using var target = await entry.OpenAsync(ct);
        await source.CopyToAsync(target, ct);
    }
}
