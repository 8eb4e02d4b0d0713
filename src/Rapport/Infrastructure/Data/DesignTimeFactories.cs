using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Rapport.Infrastructure.Data;

/// <summary>Used only by <c>dotnet ef</c> (scripts/add-migration) to generate each provider's migrations.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteRapportDbContext>
{
    public SqliteRapportDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteRapportDbContext>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresRapportDbContext>
{
    public PostgresRapportDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresRapportDbContext>()
            .UseNpgsql("Host=localhost;Database=rapport_design", n => n.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}
