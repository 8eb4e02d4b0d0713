namespace Rapport.Features.Referrals;

public static class ReferralSetup
{
    public static IServiceCollection AddReferrals(this IServiceCollection services) => services
        .AddSingleton<ReferralEvents>()
        .AddScoped<ReferralService>()
        .AddScoped<ReferralNotices>()
        .AddScoped<ReferralQueries>();
}
