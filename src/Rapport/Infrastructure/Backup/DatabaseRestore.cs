using System.IO.Compression;
using Microsoft.Data.Sqlite;
using Npgsql;
using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.Backup;

/// <summary>
/// Puts a backup back where the configuration says the data lives. Refuses, before touching anything, an archive that is
/// not a Rapport backup, one from another provider or from a schema newer than this version knows, and a place that
/// already holds data (unless forced). Migrations a backup from an older version lacks are applied afterwards by the caller.
/// </summary>
public static class DatabaseRestore
{
    public static BackupManifest ReadManifest(ZipArchive zip, string archive)
    {
        var entry = zip.GetEntry(BackupManifest.EntryName)
            ?? throw new InvalidOperationException($"'{archive}' is not a Rapport backup: it has no {BackupManifest.EntryName}.");
        using var reader = new StreamReader(entry.Open());
        return BackupManifest.FromJson(reader.ReadToEnd())
            ?? throw new InvalidOperationException($"'{archive}' is not a Rapport backup: its {BackupManifest.EntryName} is empty.");
    }

    /// <summary>Why this backup cannot be restored by this version with this configuration, or null.</summary>
    public static string? Refusal(BackupManifest manifest, DataLocations data, IReadOnlyList<string> knownMigrations)
    {
        if (manifest.Format > BackupManifest.CurrentFormat)
        {
            return $"the backup was written in format {manifest.Format} by a newer version of Rapport ({manifest.RapportVersion}); this version reads " +
                $"format {BackupManifest.CurrentFormat}. Restore it with that version or a later one.";
        }

        if (manifest.Provider != data.Provider)
        {
            return $"the backup is of a {manifest.Provider} database, but Rapport:Database:Provider is {data.Provider}. Restore it with the provider it was taken from.";
        }

        if (!knownMigrations.Contains(manifest.Migration, StringComparer.Ordinal))
        {
            return $"the backup's schema ({manifest.Migration}) is newer than this version of Rapport knows (its latest is {knownMigrations[^1]}): " +
                $"restore it with the version of Rapport that made it ({manifest.RapportVersion}) or a later one.";
        }

        return null;
    }

    /// <summary>What already holds data where the backup would go (files, folders, or a PostgreSQL database with tables).</summary>
    public static async Task<List<string>> OccupiedAsync(DataLocations data, CancellationToken ct)
    {
        var occupied = new List<string>();
        if (data.DatabaseFile is { } file && File.Exists(file) && new FileInfo(file).Length > 0)
        {
            occupied.Add($"'{file}'");
        }

        if (data.Provider == DatabaseProvider.PostgreSql && await PostgresTableCountAsync(data.ConnectionString, ct) > 0)
        {
            occupied.Add(ExistingDatabase.Describe(new DatabaseOptions { Provider = data.Provider, ConnectionString = data.ConnectionString }));
        }

        occupied.AddRange(data.Folders.Where(f => Directory.Exists(f.Directory) && Directory.EnumerateFileSystemEntries(f.Directory).Any())
            .Select(f => $"'{f.Directory}'"));
        occupied.AddRange(data.SingleFiles.Where(f => File.Exists(f.Path)).Select(f => $"'{f.Path}'"));
        return occupied;
    }

    /// <summary>
    /// Replaces the database and the files with the backup's, and returns the files it set aside rather than delete: an
    /// anchor file there already may vouch for entries newer than the backup, evidence that must outlive the restore.
    /// The caller has checked <see cref="Refusal"/> and what is occupied.
    /// </summary>
    public static async Task<List<string>> RestoreAsync(ZipArchive zip, BackupManifest manifest, DataLocations data, DateTimeOffset now,
        CancellationToken ct)
    {
        var database = zip.GetEntry(manifest.DatabaseEntry)
            ?? throw new InvalidOperationException($"The backup is incomplete: it has no {manifest.DatabaseEntry}.");
        if (data.Provider == DatabaseProvider.PostgreSql)
        {
            await RestorePostgresAsync(database, data.ConnectionString, ct);
        }
        else
        {
            await RestoreSqliteAsync(database, data.DatabaseFile ?? throw new InvalidOperationException("An in-memory SQLite database cannot be restored."), ct);
        }

        foreach (var (kind, directory) in data.Folders)
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }

            Directory.CreateDirectory(directory);
            var prefix = $"files/{kind}/";
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith(prefix, StringComparison.Ordinal) && e.Name.Length > 0))
            {
                await ExtractAsync(entry, Inside(directory, entry.FullName[prefix.Length..]), ct);
            }
        }

        var setAside = new List<string>();
        foreach (var (name, path) in data.SingleFiles)
        {
            if (File.Exists(path))
            {
                var aside = $"{path}.before-restore-{now:yyyyMMddHHmmss}";
                File.Move(path, aside);
                setAside.Add(aside);
            }

            if (zip.GetEntry($"files/{name}") is { } entry)
            {
                await ExtractAsync(entry, path, ct);
            }
        }

        if (data.AnchorKeyFile is { } key && File.Exists(key) && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await CheckCountsAsync(manifest, data, ct);
        return setAside;
    }

    /// <summary>Every table holds as many rows as the manifest says the copy had: a restore that lost rows fails loudly.</summary>
    private static async Task CheckCountsAsync(BackupManifest manifest, DataLocations data, CancellationToken ct)
    {
        await using System.Data.Common.DbConnection connection = data.Provider == DatabaseProvider.PostgreSql
            ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(data.ConnectionString) { Pooling = false }.ConnectionString)
            : SqliteSnapshot.Open(data.DatabaseFile!);
        await connection.OpenAsync(ct);
        var counts = await DatabaseContents.CountAsync(connection, manifest.Tables.Keys, ct);
        var wrong = manifest.Tables.Where(t => counts[t.Key] != t.Value).Select(t => $"{t.Key} has {counts[t.Key]} rows, the backup {t.Value}").ToList();
        if (wrong.Count > 0)
        {
            throw new InvalidOperationException($"The restored database does not match the backup's manifest: {string.Join("; ", wrong)}.");
        }
    }

    private static async Task RestoreSqliteAsync(ZipArchiveEntry database, string file, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var incoming = file + ".restoring";
        await ExtractAsync(database, incoming, ct);
        await using (var check = SqliteSnapshot.Open(incoming))
        {
            await check.OpenAsync(ct);
            await using var command = check.CreateCommand();
            command.CommandText = "PRAGMA quick_check;";
            if (await command.ExecuteScalarAsync(ct) is not "ok")
            {
                throw new InvalidOperationException("The backup's database is damaged (SQLite's quick_check failed); nothing was replaced.");
            }
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm", "-journal" })
        {
            File.Delete(file + suffix);
        }

        File.Move(incoming, file, overwrite: true);
    }

    private static async Task RestorePostgresAsync(ZipArchiveEntry database, string connectionString, CancellationToken ct)
    {
        var pg = new NpgsqlConnectionStringBuilder(connectionString);
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var exists = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @name", admin);
            exists.Parameters.AddWithValue("name", pg.Database!);
            if ((long)(await exists.ExecuteScalarAsync(ct))! == 0)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{pg.Database!.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", admin);
                await create.ExecuteNonQueryAsync(ct);
            }
        }

        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString))
        {
            await connection.OpenAsync(ct);
            // Forced over an existing database: start from an empty public schema, so no table or row of the old one remains.
            await using var clear = new NpgsqlCommand("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;", connection);
            await clear.ExecuteNonQueryAsync(ct);
        }

        var work = Directory.CreateTempSubdirectory("rapport-restore-").FullName;
        try
        {
            var dump = Path.Combine(work, "rapport.pgdump");
            await ExtractAsync(database, dump, ct);
            await PostgresTools.RunAsync("pg_restore", connectionString,
                ["--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", $"--dbname={pg.Database}", dump], ct);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<long> PostgresTableCountAsync(string connectionString, CancellationToken ct)
    {
        var pg = new NpgsqlConnectionStringBuilder(connectionString);
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT COUNT(*) FROM pg_database WHERE datname = @name", admin);
        exists.Parameters.AddWithValue("name", pg.Database!);
        if ((long)(await exists.ExecuteScalarAsync(ct))! == 0)
        {
            return 0;
        }

        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var tables = new NpgsqlCommand("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
        return (long)(await tables.ExecuteScalarAsync(ct))!;
    }

    /// <summary>A path inside <paramref name="directory"/>: an entry named to climb out of it is refused.</summary>
    private static string Inside(string directory, string relative)
    {
        var root = Path.GetFullPath(directory) + Path.DirectorySeparatorChar;
        var path = Path.GetFullPath(Path.Combine(root, relative));
        return path.StartsWith(root, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException($"The backup is not valid: the entry '{relative}' points outside '{directory}'.");
    }

    private static async Task ExtractAsync(ZipArchiveEntry entry, string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await entry.ExtractToFileAsync(path, overwrite: true, ct);
    }
}
