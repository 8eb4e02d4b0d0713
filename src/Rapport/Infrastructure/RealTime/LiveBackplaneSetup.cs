using Rapport.Infrastructure.Data;

namespace Rapport.Infrastructure.RealTime;

public static class LiveBackplaneSetup
{
    /// <summary>
    /// PostgreSQL can be shared by several nodes, so live signals travel through it (<c>Rapport:Live:Backplane</c> =
    /// <c>none</c> turns that off for a single node). A SQLite file has exactly one node: nothing to carry.
    /// </summary>
    public static IServiceCollection AddLiveBackplane(this IServiceCollection services, IConfiguration configuration)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var wanted = configuration["Rapport:Live:Backplane"];
        if (database.Provider == DatabaseProvider.PostgreSql && !string.Equals(wanted, "none", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton(sp => new PostgresBackplane(database.ResolveConnectionString(), sp.GetRequiredService<ILogger<PostgresBackplane>>()));
            services.AddSingleton<ILiveBackplane>(sp => sp.GetRequiredService<PostgresBackplane>());
            services.AddHostedService(sp => sp.GetRequiredService<PostgresBackplane>());
        }
        else
        {
            services.AddSingleton<ILiveBackplane, SingleNodeBackplane>();
        }

        return services;
    }
}
