namespace Rapport.Features.Knowledge;

public static class KnowledgeSetup
{
    public static IServiceCollection AddKnowledge(this IServiceCollection services) => services
        .AddScoped<KnowledgeSearch>()
        .AddScoped<KnowledgeQueries>()
        .AddScoped<KnowledgeService>();
}
