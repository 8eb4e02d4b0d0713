using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// Makes start-up migrations on SQLite survive <c>kill -9</c>. Two things in EF Core's own way would not:
/// <list type="bullet">
/// <item>Its migration lock is a row in <c>__EFMigrationsLock</c>, released only by the process that took it; killed while
/// migrating, the row stays and every later start waits for it forever. Here an operating-system lock on a file beside the
/// database (released by the kernel when its process dies) is taken first, so any row found while holding it is a dead
/// process's and is removed.</item>
/// <item>A migration that rebuilds a table (SQLite cannot alter most columns) is split by EF Core into several transactions
/// around <c>PRAGMA foreign_keys</c>, which SQLite ignores inside a transaction; killed between them, the schema is half
/// changed and the migration, not recorded, fails when run again. Here foreign keys are switched off on the connection
/// before migrating and the pragmas are left out (<see cref="AtomicSqliteMigrationsSqlGenerator"/>), so each migration,
/// and the history row saying it ran, commit together or not at all.</item>
/// </list>
/// </summary>
internal static class SqliteMigrationGuard
{
    /// <summary>How long a start waits for another process (another <c>rapport</c> command) that is migrating the same file.</summary>
    private static readonly TimeSpan WaitForOtherMigrator = TimeSpan.FromMinutes(5);

    public static async Task MigrateAsync(RapportDbContext db, string databaseFile, CancellationToken ct)
    {
        await using var fileLock = await LockAsync(databaseFile + ".migrating", ct);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = 0;", ct);
            if (await TableExistsAsync(db, "__EFMigrationsLock", ct))
            {
                await db.Database.ExecuteSqlRawAsync("""DELETE FROM "__EFMigrationsLock";""", ct);
            }

            await db.Database.MigrateAsync(ct);
        }
        finally
        {
            // The native connection goes back to Microsoft.Data.Sqlite's pool: it must not keep foreign keys off.
            await db.Database.ExecuteSqlRawAsync("PRAGMA foreign_keys = 1;", CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<bool> TableExistsAsync(RapportDbContext db, string table, CancellationToken ct)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    // FileShare.None is an flock(LOCK_EX) on Unix and a share lock on Windows: both end with the process that holds them.
    private static async Task<FileStream> LockAsync(string path, CancellationToken ct)
    {
        var giveUp = DateTime.UtcNow + WaitForOtherMigrator;
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < giveUp)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
            }
        }
    }
}

/// <summary>
/// SQLite's migrations without the <c>PRAGMA foreign_keys</c> commands EF Core puts around a table rebuild: those run
/// outside any transaction and so split the migration in parts. <see cref="SqliteMigrationGuard"/> switches foreign keys
/// off for the whole migration instead, so a rebuild's <c>DROP TABLE</c> still deletes no child rows.
/// </summary>
#pragma warning disable EF1001 // SqliteMigrationsSqlGenerator is public API; only its base's dependencies are marked internal.
internal sealed class AtomicSqliteMigrationsSqlGenerator(MigrationsSqlGeneratorDependencies dependencies,
    Microsoft.EntityFrameworkCore.Metadata.IRelationalAnnotationProvider annotations)
    : SqliteMigrationsSqlGenerator(dependencies, annotations)
#pragma warning restore EF1001
{
    public override IReadOnlyList<MigrationCommand> Generate(IReadOnlyList<MigrationOperation> operations, IModel? model = null,
        MigrationsSqlGenerationOptions options = MigrationsSqlGenerationOptions.Default)
    {
        var commands = base.Generate(operations, model, options);
        // A script is run by someone else's tool, with foreign keys on: it keeps EF Core's pragmas.
        return options.HasFlag(MigrationsSqlGenerationOptions.Script)
            ? commands
            : [.. commands.Where(c => !(c.TransactionSuppressed && IsForeignKeysPragma(c.CommandText)))];
    }

    private static bool IsForeignKeysPragma(string sql) =>
        sql.Trim().TrimEnd(';').Replace(" ", "", StringComparison.Ordinal)
            .StartsWith("PRAGMAforeign_keys=", StringComparison.OrdinalIgnoreCase);
}
