using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Migrations;
using Rapport.Features.Audit;

namespace Rapport.Infrastructure.Data;

public static class DataServiceExtensions
{
    public static IServiceCollection AddRapportData(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(options);
        services.AddScoped<AuditContext>();
        services.AddSingleton<DatabaseOutages>();
        var connectionString = options.ResolveConnectionString();

        // Contexts come from a pool, with options built once: building options and a context's internal services per
        // request cost a sixth of a customer read's CPU. The pool knows nothing of scopes, so each lease is handed the
        // scope's AuditContext (who is acting, and why) before anyone sees it.
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            services.AddPooledDbContextFactory<PostgresRapportDbContext>((sp, o) => o.UseNpgsql(connectionString,
                npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
                .AddInterceptors([.. sp.GetServices<IInterceptor>(), new NpgsqlPoolReset()]));
            services.AddScoped<RapportDbContext>(Lease<PostgresRapportDbContext>);
        }
        else
        {
            SqliteProcessSettings.Apply();
            var builder = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = options.BusyTimeoutSeconds };
            services.AddPooledDbContextFactory<SqliteRapportDbContext>((sp, o) => HeldSqliteRelationalConnection.Use(o.UseSqlite(builder.ToString()))
                .ReplaceService<IMigrationsSqlGenerator, AtomicSqliteMigrationsSqlGenerator>()
                .AddInterceptors([.. sp.GetServices<IInterceptor>(), new SqliteConnectionTuning()]));
            services.AddScoped<RapportDbContext>(Lease<SqliteRapportDbContext>);
        }

        return services;
    }

    private static TContext Lease<TContext>(IServiceProvider scope) where TContext : RapportDbContext
    {
        var db = scope.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext();
        db.Audit = scope.GetRequiredService<AuditContext>();
        db.HasUnsealedAudit = false;
        return db;
    }

    /// <summary>
    /// Applies pending migrations, each whole or not at all even if the process is killed (on PostgreSQL each runs in a
    /// transaction under a session lock the server releases with the connection; on SQLite see
    /// <see cref="SqliteMigrationGuard"/>); on SQLite also switches the file to WAL so readers never block the writer.
    /// </summary>
    public static async Task MigrateAsync(this RapportDbContext db, CancellationToken ct = default)
    {
        // Nothing to apply (every start but the first after an upgrade): no Migrate, which since EF Core 9 also builds
        // the last migration's snapshot model and compares it with the current model on every call: ~0.4 s of CPU per
        // start and per test host. scripts/test checks that comparison once per build ("No model change without a migration").
        if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
        {
            await ApplyMigrationsAsync(db, ct);
        }

        if (!db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    private static async Task ApplyMigrationsAsync(RapportDbContext db, CancellationToken ct)
    {
        if (db.IsPostgres)
        {
            await db.Database.MigrateAsync(ct);
            return;
        }

        var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        if (file is "" or ":memory:" || file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            await db.Database.MigrateAsync(ct);
        }
        else
        {
            var path = Path.GetFullPath(file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await SqliteMigrationGuard.MigrateAsync(db, path, ct);
        }
    }
}
