using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rapport.Features.Audit;

namespace Rapport.Infrastructure.Data;

public static class DataServiceExtensions
{
    public static IServiceCollection AddRapportData(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        services.AddScoped<AuditContext>();
        var connectionString = options.ResolveConnectionString();

        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            services.AddDbContext<RapportDbContext, PostgresRapportDbContext>((sp, o) => o.UseNpgsql(connectionString,
                npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history")).AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            var builder = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = 30 };
            services.AddDbContext<RapportDbContext, SqliteRapportDbContext>((sp, o) => o.UseSqlite(builder.ToString())
                .AddInterceptors([.. sp.GetServices<IInterceptor>(), new SqliteConnectionTuning()]));
        }

        return services;
    }

    /// <summary>Applies pending migrations; on SQLite also switches the file to WAL so readers never block the writer.</summary>
    public static async Task MigrateAsync(this RapportDbContext db, CancellationToken ct = default)
    {
        if (!db.IsPostgres)
        {
            var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
            var dir = Path.GetDirectoryName(Path.GetFullPath(file));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
        }

        await db.Database.MigrateAsync(ct);
        if (!db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
