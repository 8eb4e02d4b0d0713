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

    public string ResolveConnectionString()
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return ConnectionString;
        }

        if (Provider == DatabaseProvider.PostgreSql)
        {
            throw new InvalidOperationException(
                "Rapport:Database:ConnectionString is required when the provider is PostgreSql.");
        }

        return $"Data Source={Path.Combine(Path.GetFullPath("data"), "rapport.db")}";
    }
}
