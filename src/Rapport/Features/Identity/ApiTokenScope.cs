using System.Security.Claims;

namespace Rapport.Features.Identity;

/// <summary>What an API token may do, on top of what its user's role allows.</summary>
public enum ApiTokenScope
{
    /// <summary>Everything the user's role allows.</summary>
    Full,
    /// <summary>Only GET and HEAD requests.</summary>
    Read,
    /// <summary>Only the ingestion endpoints (<see cref="IngestionEndpoint"/>): a channel gateway feeding messages in.</summary>
    Ingest,
}

/// <summary>Marks an endpoint that feeds inbound messages in, the only ones an <see cref="ApiTokenScope.Ingest"/> token may call.</summary>
public sealed class IngestionEndpoint
{
    public static readonly IngestionEndpoint Marker = new();

    private IngestionEndpoint()
    {
    }
}

/// <summary>
/// Enforces token scopes for every request in one place, after authentication and before any endpoint's own
/// authorisation: a request authenticated by a token whose scope does not cover it gets 403 with a problem that says
/// why, whatever the endpoint (so an endpoint added later is covered too). Requests without a token are not affected.
/// </summary>
public static class ApiTokenScopes
{
    public static TBuilder AllowIngestTokens<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(IngestionEndpoint.Marker);

    public static bool Allows(ApiTokenScope scope, HttpContext http) => scope switch
    {
        ApiTokenScope.Full => true,
        ApiTokenScope.Read => HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method),
        ApiTokenScope.Ingest => http.GetEndpoint()?.Metadata.GetMetadata<IngestionEndpoint>() is not null,
        _ => false,
    };

    public static IApplicationBuilder UseApiTokenScopes(this IApplicationBuilder app) => app.Use(async (ctx, next) =>
    {
        if (ctx.User.FindFirstValue(RapportClaims.TokenScope) is not { } claim
            || (Enum.TryParse<ApiTokenScope>(claim, ignoreCase: true, out var scope) && Allows(scope, ctx)))
        {
            await next(ctx);
            return;
        }

        ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
        await ctx.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = ctx,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Type = "https://rapport.dev/problems/token-scope",
                Title = "The API token's scope does not allow this request.",
                Detail = claim.ToLowerInvariant() switch
                {
                    "read" => "This token may only read (GET and HEAD). Use a token with the 'full' scope to change anything.",
                    "ingest" => "This token may only call the ingestion endpoints (POST /api/v1/inbound-messages and its receipts).",
                    _ => "This token's scope is not known.",
                },
            },
        });
    });
}
