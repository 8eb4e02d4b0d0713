using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Identity;

/// <summary>
/// A new API token; <see cref="Secret"/> is shown only in this response. Scope: full, read (GET and HEAD only) or ingest
/// (only the ingestion endpoints); expiresAt: when it stops working (UTC).
/// </summary>
public sealed record CreatedTokenDto(Guid Id, string Name, string Hint, DateTime CreatedAt, string Secret, ApiTokenScope Scope, DateTime? ExpiresAt);

/// <summary>
/// An API token as listed (never with its secret). Scope: full, read (GET and HEAD only) or ingest (only the ingestion
/// endpoints); expiresAt: when it stops working (UTC), null for never (tokens made before tokens expired).
/// </summary>
public sealed record TokenDto(Guid Id, string Name, string Hint, DateTime CreatedAt, DateTime? LastUsedAt, DateTime? RevokedAt,
    ApiTokenScope Scope = ApiTokenScope.Full, DateTime? ExpiresAt = null);

/// <summary>Request to create an API token for the signed-in user.</summary>
/// <param name="Name">What the token is for.</param>
/// <param name="Scope">full (default), read (GET and HEAD only) or ingest (only the ingestion endpoints).</param>
/// <param name="ExpiresAt">When the token stops working; default 90 days from now, at most a year (both configurable).</param>
public sealed record CreateTokenRequest(
    [property: Required, StringLength(100, MinimumLength = 1), NoControlCharacters] string Name,
    ApiTokenScope? Scope = null,
    DateTimeOffset? ExpiresAt = null);

public static class TokenEndpoints
{
    public static IEndpointRouteBuilder MapTokenEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/tokens").WithTags("API tokens").RequireAuthorization(Policies.Staff);
        group.MapGet("/", ListTokens);
        group.MapPost("/", CreateToken);
        group.MapDelete("/{id}", RevokeToken);
        return app;
    }

    public static async Task<Ok<List<TokenDto>>> ListTokens(ClaimsPrincipal user, ApiTokenService tokens, CancellationToken ct) =>
        TypedResults.Ok(await tokens.ListAsync(user.UserId(), ct));

    public static async Task<Results<Created<CreatedTokenDto>, ValidationProblem>> CreateToken(CreateTokenRequest request, ClaimsPrincipal user,
        ApiTokenService tokens, CancellationToken ct)
    {
        var expiresAt = tokens.ExpiryFor(request.ExpiresAt);
        var (token, secret) = await tokens.IssueAsync(user.UserId(), request.Name.Trim(), request.Scope ?? ApiTokenScope.Full, expiresAt, ct);
        return TypedResults.Created($"/api/v1/tokens/{token.Id}",
            new CreatedTokenDto(token.Id, token.Name, token.Hint, token.CreatedAt, secret, token.Scope, token.ExpiresAt));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeToken(Guid id, ClaimsPrincipal user,
        ApiTokenService tokens, CancellationToken ct) =>
        await tokens.RevokeAsync(user.UserId(), id, ct)
            ? TypedResults.NoContent()
            : Problems.NotFound("token", id);
}
