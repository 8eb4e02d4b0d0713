using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Rapport.Infrastructure.Data;

/// <summary>
/// For commands that work on the database configuration points at and must never make one: a missing or misplaced
/// database is an error that says where it was looked for, not a new empty database.
/// </summary>
public static class ExistingDatabase
{
    private const string Hint = "Check Rapport:Database:ConnectionString; `rapport migrate` creates a new database.";

    private const string SqliteHint = "Check Rapport:Database:ConnectionString (without one, the database is data/rapport.db in the folder the " +
        "command runs in); `rapport migrate` creates a new database.";

    /// <summary>Where the database is, for messages: the SQLite file's full path, or PostgreSQL's database, host and port.</summary>
    public static string Describe(DatabaseOptions options)
    {
        var connectionString = options.ResolveConnectionString();
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            var pg = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL database '{pg.Database}' on {pg.Host}:{pg.Port}";
        }

        return SqliteFile(connectionString) is { } file ? $"'{file}'" : "the in-memory SQLite database";
    }

    /// <summary>Why there is no database to open without creating one (a SQLite file that does not exist), or null.</summary>
    public static string? MissingFile(DatabaseOptions options)
    {
        if (options.Provider != DatabaseProvider.Sqlite || SqliteFile(options.ResolveConnectionString()) is not { } file || File.Exists(file))
        {
            return null;
        }

        return $"there is no database at '{file}' (nothing was created). {SqliteHint}";
    }

    /// <summary>
    /// The connection string with writes refused by the database itself: SQLite opens the file read-only (and can
    /// never create it); PostgreSQL starts every transaction read-only.
    /// </summary>
    public static string ReadOnly(DatabaseOptions options)
    {
        var connectionString = options.ResolveConnectionString();
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            var pg = new NpgsqlConnectionStringBuilder(connectionString);
            pg.Options = $"{pg.Options} -c default_transaction_read_only=on".Trim();
            return pg.ConnectionString;
        }

        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        if (sqlite.Mode is SqliteOpenMode.ReadWriteCreate or SqliteOpenMode.ReadWrite)
        {
            sqlite.Mode = SqliteOpenMode.ReadOnly;
        }

        return sqlite.ToString();
    }

    /// <summary>
    /// Why this existing database cannot be used as it is (a PostgreSQL database that does not exist, a file that is not
    /// Rapport's, migrations this version needs), or null. Reads only.
    /// </summary>
    public static async Task<string?> ProblemAsync(RapportDbContext db, DatabaseOptions options, bool migrationsWillRun, CancellationToken ct)
    {
        var where = Describe(options);
        if (db.IsPostgres && !await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            return $"the {where} does not exist (nothing was created). {Hint}";
        }

        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        if (applied.Count == 0)
        {
            return $"{Capitalised(where)} is not a Rapport database: it has no migration history. {(db.IsPostgres ? Hint : SqliteHint)}";
        }

        var pending = db.Database.GetMigrations().Except(applied).Count();
        return pending == 0 || migrationsWillRun
            ? null
            : $"{Capitalised(where)} is not up to date: it needs {pending} migration(s) this version of Rapport expects. Run `rapport migrate` first.";
    }

    private static string? SqliteFile(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var source = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(source) || source == ":memory:")
        {
            return null;
        }

        return Path.GetFullPath(source);
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
