using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Rapport.Features.Identity;

/// <summary>
/// Which credential the API takes. A bearer token always; the browser's sign-in cookie only to read (the conversation
/// page links to raw emails and attachments under <c>/api/v1</c>). A cookie is sent by the browser on its own, so a
/// write carried by nothing else could come from any page the user has open: API writes need a bearer token.
/// </summary>
public static class ApiCredentials
{
    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api");

    public static bool HasBearerToken(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    /// <summary>A request that may change something (anything but GET, HEAD, OPTIONS and TRACE).</summary>
    public static bool IsWrite(HttpRequest request) =>
        !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method));

    /// <summary>The scheme that authenticates <paramref name="request"/>: API writes are never authenticated by the cookie.</summary>
    public static string SchemeFor(HttpRequest request) =>
        HasBearerToken(request) || (IsApi(request) && IsWrite(request))
            ? ApiTokenAuthenticationHandler.SchemeName
            : IdentityConstants.ApplicationScheme;

    /// <summary>
    /// Answers an API write that carries only the sign-in cookie with a 403 problem saying what to send instead. Without
    /// this it would be a plain 401 (the cookie does not count for it), which would leave a signed-in user puzzled.
    /// </summary>
    public static IApplicationBuilder UseBearerTokensForApiWrites(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (IsApi(ctx.Request) && IsWrite(ctx.Request) && !HasBearerToken(ctx.Request)
            && (await ctx.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Succeeded)
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            await ctx.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = ctx,
                ProblemDetails =
                {
                    Status = StatusCodes.Status403Forbidden,
                    Type = "https://rapport.dev/problems/bearer-token-required",
                    Title = "API writes need a bearer token.",
                    Detail = "The browser's sign-in cookie may read the API but not change anything through it. "
                        + "Send 'Authorization: Bearer rpt_…' with a token from the API tokens page.",
                },
            });
            return;
        }

        await next(ctx);
    });
}
