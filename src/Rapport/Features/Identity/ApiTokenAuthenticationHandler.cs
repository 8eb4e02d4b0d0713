using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity;

/// <summary>
/// Authenticates <c>Authorization: Bearer rpt_…</c> against the hashed tokens. A token seen recently is answered from
/// <see cref="ApiTokenCache"/> without a query; only a cache miss reads the token and its user (and records when the
/// token was last used, so that time is accurate to about a minute plus the cache lifetime). A hit builds no DbContext
/// and no UserManager: a miss loads in a scope of its own, which also outlives the request that happened to start it.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiTokenCache cache,
    IServiceScopeFactory scopes,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    /// <summary>The <c>WWW-Authenticate</c> answer to a call without credentials (RFC 6750).</summary>
    public const string Challenge = "Bearer realm=\"Rapport\"";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (!secret.StartsWith(ApiToken.Prefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.Fail("Not a Rapport API token.");
        }

        var hash = ApiToken.HashOf(secret);
        var claims = cache.Find(hash) ?? await cache.LoadOnceAsync(hash, () => LoadAsync(hash));
        if (claims is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API token, or its user is disabled.");
        }

        // Checked on every request, cached or not: a cache entry never outlives its token, but the clock may have moved.
        if (Expiry(claims) is { } expires && time.GetUtcNow().UtcTicks >= expires)
        {
            return AuthenticateResult.Fail(new TokenExpiredException());
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        if (result.Failure is TokenExpiredException)
        {
            Response.Headers.WWWAuthenticate = $"{Challenge}, error=\"invalid_token\", error_description=\"The token expired\"";
            await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = Context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status401Unauthorized,
                    Type = "https://rapport.dev/problems/token-expired",
                    Title = "The API token has expired.",
                    Detail = "Make a new token on the API tokens page (or POST /api/v1/tokens) and use it instead.",
                },
            });
            return;
        }

        Response.Headers.WWWAuthenticate = result.Failure is null ? Challenge : $"{Challenge}, error=\"invalid_token\"";
    }

    private static long? Expiry(IReadOnlyList<Claim> claims) =>
        claims.FirstOrDefault(c => c.Type == RapportClaims.TokenExpires) is { } claim && long.TryParse(claim.Value, out var ticks) ? ticks : null;

    private sealed class TokenExpiredException() : Exception("The API token has expired.");

    private static Claim ExpiryClaim(DateTime expiresAt) =>
        new(RapportClaims.TokenExpires, DateTime.SpecifyKind(expiresAt, DateTimeKind.Utc).Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Shared by every request that misses the same token at once, so it does not stop when this request is aborted.</summary>
    private async Task<IReadOnlyList<Claim>?> LoadAsync(string hash)
    {
        var generation = cache.Generation;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
        var token = await db.ApiTokens.AsNoTracking().FirstOrDefaultAsync(t => t.Hash == hash, CancellationToken.None);
        if (token is null || token.RevokedAt is not null)
        {
            return null;
        }

        if (token.ExpiredAt(time.GetUtcNow().UtcDateTime))
        {
            // Not cached and not counted as a use: the caller is told it expired.
            return [ExpiryClaim(token.ExpiresAt!.Value)];
        }

        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == token.UserId, CancellationToken.None);
        if (user is null || (user.LockoutEnd is { } end && end > time.GetUtcNow()))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            // Not through SaveChanges: a bookkeeping column, not a change to the token that would empty the cache.
            await db.ApiTokens.Where(t => t.Id == token.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), CancellationToken.None);
        }

        var principals = scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
        var claims = (await principals.CreateAsync(user)).Claims.ToList();
        claims.Add(new Claim(RapportClaims.TokenScope, token.Scope.ToString().ToLowerInvariant()));
        if (token.ExpiresAt is { } expiresAt)
        {
            claims.Add(ExpiryClaim(expiresAt));
        }

        cache.Remember(hash, user.Id, claims, generation, token.ExpiresAt);
        return claims;
    }
}
