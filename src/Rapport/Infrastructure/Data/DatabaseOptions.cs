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
            return Provider == DatabaseProvider.PostgreSql ? WithPreparedStatements(ConnectionString) : ConnectionString;
        }

        if (Provider == DatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException(
                "Rapport:Database:ConnectionString is required when the provider is PostgreSql.");
        }

        return $"Data Source={Path.Combine(Path.GetFullPath("data"), "rapport.db")}";
    }

    private static string WithPreparedStatements(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = PreparedStatementsPerConnection }.ConnectionString;
    }
}
