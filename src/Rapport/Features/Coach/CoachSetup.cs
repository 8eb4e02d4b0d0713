namespace Rapport.Features.Coach;

public static class CoachSetup
{
    public static IServiceCollection AddCoach(this IServiceCollection services) => services.AddScoped<CoachService>();
}
