namespace Rapport.Features.Authority;

public static class AuthoritySetup
{
    public static IServiceCollection AddAuthority(this IServiceCollection services)
    {
        services.AddScoped<AuthorityLimitService>();
        services.AddScoped<CaseActionService>();
        services.AddSingleton<AuthorityEvents>();
        return services;
    }
}
