using Rapport.Features.Competence;
using Rapport.Features.Customers;
using Rapport.Features.Privacy;

namespace Rapport.Features.Loyalty;

public static class LoyaltySetup
{
    public static IServiceCollection AddLoyalty(this IServiceCollection services)
    {
        services.AddScoped<LoyaltySignals>();
        services.AddScoped<LoyaltyService>();
        services.AddScoped<LoyaltyAdministration>();
        services.AddScoped<AtRiskQueries>();
        services.AddScoped<RetentionEconomics>();
        services.AddSingleton<LoyaltyRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<LoyaltyRefresh>());
        services.AddScoped<ICustomerMergeParticipant, LoyaltyFollowsMerges>();
        services.AddScoped<ISubjectRightsParticipant, LoyaltySubjectRights>();
        services.AddScoped<ICompetenceEvidenceSource, LoyaltyEvidence>();
        return services;
    }
}
