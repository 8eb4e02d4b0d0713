using Rapport.Features.Customers;

namespace Rapport.Features.Privacy;

public static class PrivacySetup
{
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddScoped<ConsentLedger>();
        services.AddScoped<ConsentCheck>();
        services.AddScoped<AccessReport>();
        services.AddScoped<ICustomerMergeParticipant, ConsentsFollowMerges>();
        return services;
    }
}
