namespace Rapport.Infrastructure.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Bound from the <c>Rapport:Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Rapport:Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>When empty on SQLite, a file under <c>./data/rapport.db</c> is used (its folder is made only by migrating).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// SQLite: how long a statement waits for a lock another connection or process holds before it fails with SQLITE_BUSY
    /// (and the request answers 503). PostgreSQL uses the connection string's <c>Timeout</c> and <c>Command Timeout</c>.
    /// </summary>
    public int BusyTimeoutSeconds { get; set; } = 30;

    public static DatabaseOptions From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<DatabaseOptions>() ?? new DatabaseOptions();

    /// <summary>
    /// How many statements each PostgreSQL connection keeps prepared (Npgsql's <c>Max Auto Prepare</c>), unless the
    /// connection string says otherwise. Npgsql prepares nothing by default, so PostgreSQL parsed and planned every
    /// statement again: a fifth of its CPU under chat load, and the chat's p99 delivery 134 → 63 ms once prepared
    /// (docs/performance.md). <c>Max Auto Prepare=0</c> in the connection string turns it off (PgBouncer before 1.21 in
    /// transaction mode needs that).
    /// </summary>
    public const int PreparedStatementsPerConnection = 250;

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return Provider == DatabaseProvider.PostgreSql ? WithPoolDefaults(ConnectionString) : ConnectionString;
        }

        if (Provider == DatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException(
                "Rapport:Database:ConnectionString is required when the provider is PostgreSql.");
        }

        return $"Data Source={Path.Combine(Path.GetFullPath("data"), "rapport.db")}";
    }

    /// <summary>
    /// Prepared statements (above), and a connection that goes back to Npgsql's pool as it is (<c>No Reset On Close</c>),
    /// each unless the connection string says otherwise. Npgsql otherwise resets a returned connection's session ahead of
    /// its next statement: seven statements more for PostgreSQL (RESET ALL, CLOSE ALL, UNLISTEN *, DISCARD TEMP, …) on
    /// every lease, and EF leases a connection per statement. Rapport leaves nothing of a session on a pooled connection
    /// — settings are SET LOCAL, advisory locks are transaction locks, LISTEN has a connection outside the pool — which
    /// SessionStateTests holds.
    /// </summary>
    private static string WithPoolDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var keys = given.Keys.Cast<string>().Select(k => k.Replace(" ", "", StringComparison.Ordinal)).ToList();
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!keys.Contains("MaxAutoPrepare", StringComparer.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = PreparedStatementsPerConnection;
        }

        if (!keys.Contains("NoResetOnClose", StringComparer.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }
}
