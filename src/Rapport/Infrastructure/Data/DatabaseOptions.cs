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

    /// <summary>When empty on SQLite, a file under <c>./data/rapport.db</c> is used.</summary>
    public string? ConnectionString { get; set; }

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

        var dir = Path.GetFullPath("data");
        Directory.CreateDirectory(dir);
        return $"Data Source={Path.Combine(dir, "rapport.db")}";
    }
}
