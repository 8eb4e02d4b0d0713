using System.Reflection;
using MudBlazor;

namespace Rapport.Components;

/// <summary>
/// MudBlazor's script by its plain URL (the package's fingerprinted one has no Brotli/gzip copy) with the package's
/// version as a query. Plain URLs are served "no-cache", so every page load revalidated it (a round trip before the
/// circuit's start); the versioned URL is cached for a year like our fingerprinted assets, and an upgrade of MudBlazor
/// changes it. Pages link a trimmed copy of MudBlazor's stylesheet from our own assets instead of the package's
/// (wwwroot/mudblazor.css); the package's stays served at its plain URL, and by version, for anything that links it.
/// </summary>
public static class MudBlazorAssets
{
    private static readonly string Version = Uri.EscapeDataString(
        typeof(MudThemeProvider).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(MudThemeProvider).Assembly.GetName().Version?.ToString() ?? "0");

    public static string Script { get; } = $"_content/MudBlazor/MudBlazor.min.js?v={Version}";

    public static IApplicationBuilder UseCachedMudBlazorAssets(this IApplicationBuilder app) => app.Use((ctx, next) =>
    {
        if (ctx.Request.Path.StartsWithSegments("/_content/MudBlazor") && Uri.EscapeDataString(ctx.Request.Query["v"].ToString()) == Version)
        {
            ctx.Response.OnStarting(static state =>
            {
                var response = (HttpResponse)state;
                if (response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
                {
                    response.Headers.CacheControl = "public, max-age=31536000, immutable";
                }

                return Task.CompletedTask;
            }, ctx.Response);
        }

        return next(ctx);
    });
}
