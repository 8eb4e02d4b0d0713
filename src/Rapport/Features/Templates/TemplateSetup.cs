namespace Rapport.Features.Templates;

public static class TemplateSetup
{
    public static IServiceCollection AddTemplates(this IServiceCollection services) => services
        .AddScoped<TemplateService>()
        .AddSingleton<GreetingIngredients>()
        .AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, GreetingIngredientsInvalidation>();
}
