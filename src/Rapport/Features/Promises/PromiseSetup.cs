using Rapport.Features.Customers;

namespace Rapport.Features.Promises;

public static class PromiseSetup
{
    public static IServiceCollection AddRapportPromises(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(PromiseTimings.From(configuration));
        services.AddScoped<PromiseService>();
        services.AddScoped<PromiseQueries>();
        services.AddScoped<PromiseNotices>();
        services.AddScoped<PromiseProposals>();
        services.AddScoped<ICustomerMergeParticipant, PromisesFollowMerges>();
        services.AddScoped<ServiceStandards.ICaseDelaySignal, PromisesAtRisk>();
        services.AddSingleton<PromiseSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<PromiseSweep>());
        return services;
    }
}
