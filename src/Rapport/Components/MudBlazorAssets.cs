using System.Reflection;
using MudBlazor;

namespace Rapport.Components;

/// <summary>
/// MudBlazor's stylesheet and script by their plain URLs (the package's fingerprinted ones have no Brotli/gzip copies)
/// with the package's version as a query. Plain URLs are served "no-cache", so every page load revalidated both files
/// (two round trips; the stylesheet's blocks the first paint, the script's the circuit's start); the versioned URLs
/// are cached for a year like our fingerprinted assets, and an upgrade of MudBlazor changes them.
/// </summary>
public static class MudBlazorAssets
{
    private static readonly string Version = Uri.EscapeDataString(
        typeof(MudThemeProvider).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(MudThemeProvider).Assembly.GetName().Version?.ToString() ?? "0");

    public static string Stylesheet { get; } = $"_content/MudBlazor/MudBlazor.min.css?v={Version}";

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
