using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity;

/// <summary>Issuing and revoking API tokens, shared by the API, the UI and the CLI.</summary>
public sealed class ApiTokenService(RapportDbContext db, TimeProvider time, IOptions<RapportIdentityOptions> rules)
{
    /// <summary>The user's own tokens, oldest first, without their secrets.</summary>
    public Task<List<TokenDto>> ListAsync(Guid userId, CancellationToken ct) => db.ApiTokens.AsNoTracking()
        .Where(t => t.UserId == userId)
        .OrderBy(t => t.CreatedAt)
        .Select(t => new TokenDto(t.Id, t.Name, t.Hint, t.CreatedAt, t.LastUsedAt, t.RevokedAt, t.Scope, t.ExpiresAt))
        .ToListAsync(ct);

    /// <summary>A full token that never expires, for an operator at the command line (and tests and benchmarks).</summary>
    public Task<(ApiToken Token, string Secret)> IssueAsync(Guid userId, string name, CancellationToken ct) =>
        IssueAsync(userId, name, ApiTokenScope.Full, expiresAt: null, ct);

    /// <summary>
    /// A token with <paramref name="scope"/> that expires at <paramref name="expiresAt"/> (null: never). Callers on behalf
    /// of a person use <see cref="ExpiryFor"/> first, which applies the default and the maximum lifetime.
    /// </summary>
    public async Task<(ApiToken Token, string Secret)> IssueAsync(Guid userId, string name, ApiTokenScope scope, DateTime? expiresAt, CancellationToken ct)
    {
        var (token, secret) = ApiToken.Issue(userId, name, time.GetUtcNow().UtcDateTime, scope, expiresAt);
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return (token, secret);
    }

    public async Task<bool> RevokeAsync(Guid userId, Guid tokenId, CancellationToken ct)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, ct);
        if (token is null)
        {
            return false;
        }

        token.Revoke(time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// The expiry of a token a person asks for: <paramref name="requested"/>, or the default lifetime from now. Refused
    /// (naming <c>expiresAt</c>) when it is not in the future or beyond the maximum lifetime.
    /// </summary>
    public DateTime ExpiryFor(DateTimeOffset? requested)
    {
        var now = time.GetUtcNow();
        var expiry = requested ?? now + rules.Value.TokenDefaultLifetime;
        if (expiry <= now)
        {
            throw new InvalidInputException("expiresAt", "The expiry must be in the future.");
        }

        if (expiry > now + rules.Value.TokenMaxLifetime)
        {
            throw new InvalidInputException("expiresAt", $"A token may last at most {rules.Value.TokenMaxLifetime.TotalDays:0} days.");
        }

        return expiry.UtcDateTime;
    }
}
