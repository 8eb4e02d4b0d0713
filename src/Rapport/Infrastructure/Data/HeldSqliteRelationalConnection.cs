using System.Data.Common;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Sqlite.Storage.Internal;
using Microsoft.EntityFrameworkCore.Storage;

namespace Rapport.Infrastructure.Data;

#pragma warning disable EF1001 // EF Core's SQLite connection service is the one place that decides which connection a context gets.

/// <summary>EF Core's SQLite connection service, making each context's connection a <see cref="HeldSqliteConnection"/>.</summary>
internal sealed class HeldSqliteRelationalConnection(
    RelationalConnectionDependencies dependencies,
    IRawSqlCommandBuilder rawSqlCommandBuilder,
    IDiagnosticsLogger<DbLoggerCategory.Infrastructure> logger)
    : SqliteRelationalConnection(dependencies, rawSqlCommandBuilder, logger)
{
    // EF Core registers its SQL functions (decimal arithmetic, regexp) on the connections it makes, in a private method;
    // without them some of its translations fail at run time. Found once, at start, and loudly if a new EF Core moved it.
    private static readonly Action<SqliteRelationalConnection, DbConnection> RegisterFunctions =
        typeof(SqliteRelationalConnection).GetMethod("InitializeDbConnection", BindingFlags.Instance | BindingFlags.NonPublic, [typeof(DbConnection)])
            ?.CreateDelegate<Action<SqliteRelationalConnection, DbConnection>>()
        ?? throw new MissingMethodException(nameof(SqliteRelationalConnection), "InitializeDbConnection");

    /// <summary>Gives every context made with these options a connection of its own that stays open (SQLite).</summary>
    internal static DbContextOptionsBuilder Use(DbContextOptionsBuilder options) =>
        options.ReplaceService<ISqliteRelationalConnection, HeldSqliteRelationalConnection>();

    protected override DbConnection CreateDbConnection()
    {
        var connection = new HeldSqliteConnection(GetValidatedConnectionString());
        RegisterFunctions(this, connection);
        return connection;
    }
}
