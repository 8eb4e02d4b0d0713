using Microsoft.Data.Sqlite;

namespace Rapport.Infrastructure.Backup;

/// <summary>
/// A consistent copy of a live SQLite database through SQLite's online backup API: the pages are copied in one step
/// under a read transaction, so writers (in WAL mode) go on and the copy is the database as of one instant — never the
/// torn file a plain file copy of a database being written can be.
/// </summary>
public static class SqliteSnapshot
{
    public static void Copy(string sourceConnectionString, string targetFile)
    {
        var source = new SqliteConnectionStringBuilder(sourceConnectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        var target = new SqliteConnectionStringBuilder { DataSource = targetFile, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        using var from = new SqliteConnection(source.ToString());
        using var to = new SqliteConnection(target.ToString());
        from.Open();
        to.Open();
        from.BackupDatabase(to);
        // The copy is one self-contained file: whatever journal mode the source had, the copy carries no WAL of its own.
        using var command = to.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=DELETE;";
        command.ExecuteNonQuery();
    }

    /// <summary>Opens a copy (or a restored file) for reading without pooling, so the file can be moved once it is closed.</summary>
    public static SqliteConnection Open(string file) =>
        new(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
}
