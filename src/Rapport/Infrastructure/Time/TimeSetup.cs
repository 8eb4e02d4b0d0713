namespace Rapport.Infrastructure.Time;

public static class TimeSetup
{
    /// <summary>All code takes time from <see cref="TimeProvider"/>; tests replace it with a fake clock.</summary>
    public static IServiceCollection AddRapportTime(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}
