using System.Collections.Frozen;

namespace Rapport.Infrastructure.Security;

/// <summary>
/// The security headers of every response (pages, static files, API answers, errors), set in this one place just
/// before the response starts, so an error page that cleared the headers still gets them. Every response is
/// <c>nosniff</c>; the headers that only mean something on a document (the CSP, X-Frame-Options, COOP, Referrer-Policy)
/// are left off what a browser only ever uses inside a page (<see cref="IsSubresource"/>), where they were ~350 bytes
/// of every stylesheet, script and font of a page load.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// The agent UI: Blazor Server and MudBlazor run from our own scripts with no inline script or eval; MudBlazor
    /// positions and colours elements with inline styles. <c>connect-src 'self'</c> covers the circuit's WebSocket.
    /// </summary>
    public const string PagePolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>API answers (JSON, CSV, raw emails, attachments) are never a document: nothing in them may load or run.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>The Scalar API reference starts itself with an inline module script; it holds no user data.</summary>
    public const string ReferencePolicy = "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; "
        + "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// The key in <see cref="HttpContext.Items"/> under which an endpoint that serves a document for a sandboxed frame of
    /// our own pages (an email's HTML body) puts that document's policy; it may then be framed by our pages only.
    /// </summary>
    public const string FramedPolicyItem = "rapport.framedPolicy";

    private static readonly string[] SubresourceTypeNames =
    [
        "text/css", "text/javascript", "application/javascript", "application/json",
        "font/woff2", "font/woff", "font/ttf", "font/otf",
        "image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/x-icon", "image/vnd.microsoft.icon",
    ];

    private static readonly FrozenSet<string> SubresourceTypes = SubresourceTypeNames.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((ctx, next) =>
    {
        ctx.Response.OnStarting(static state =>
        {
            Apply((HttpContext)state);
            return Task.CompletedTask;
        }, ctx);
        return next(ctx);
    });

    public static string PolicyFor(PathString path) =>
        path.StartsWithSegments("/scalar") ? ReferencePolicy
        : path.StartsWithSegments("/api") || path.StartsWithSegments("/chat/v1") || path.StartsWithSegments("/openapi") || path.StartsWithSegments("/health") ? ApiPolicy
        : PagePolicy;

    /// <summary>
    /// Styles, scripts, fonts, raster images and JSON: a browser never runs or frames them as a document (opened
    /// directly, with nosniff, they show as text or an image), so a CSP, frame or opener policy on them is not read.
    /// Referrer-Policy on a stylesheet would steer the referrer of what it loads; ours is the browsers' default.
    /// Anything else is treated as a document: HTML, an SVG (opened directly it is one, and may hold script), XML,
    /// text, a response of any other or no type (a 304), and everything outside the pages' policy: API answers may be
    /// files of any type, and the API reference starts workers. A script started as a worker would need the page's
    /// policy on its own response: the pages start none.
    /// </summary>
    public static bool IsSubresource(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return SubresourceTypes.Contains(mediaType);
    }

    private static void Apply(HttpContext ctx)
    {
        var headers = ctx.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        var framed = ctx.Items[FramedPolicyItem] as string;
        var policy = framed ?? PolicyFor(ctx.Request.Path);
        if (framed is null && policy == PagePolicy && IsSubresource(ctx.Response.ContentType))
        {
            return;
        }

        headers.ContentSecurityPolicy = policy;
        headers.XFrameOptions = framed is null ? "DENY" : "SAMEORIGIN";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
