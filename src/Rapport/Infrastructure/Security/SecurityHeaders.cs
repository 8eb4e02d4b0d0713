namespace Rapport.Infrastructure.Security;

/// <summary>
/// The security headers of every response (pages, static files, API answers, errors), set in this one place just
/// before the response starts, so an error page that cleared the headers still gets them.
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

    private static void Apply(HttpContext ctx)
    {
        var headers = ctx.Response.Headers;
        var framed = ctx.Items[FramedPolicyItem] as string;
        headers.ContentSecurityPolicy = framed ?? PolicyFor(ctx.Request.Path);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = framed is null ? "DENY" : "SAMEORIGIN";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
    }
}
