namespace Rapport.Features.Templates;

public static class TemplateSetup
{
    public static IServiceCollection AddTemplates(this IServiceCollection services) => services.AddScoped<TemplateService>();
}
