using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity;

/// <summary>Issuing and revoking API tokens, shared by the API, the UI and the CLI.</summary>
public sealed class ApiTokenService(RapportDbContext db, TimeProvider time)
{
    /// <summary>The user's own tokens, oldest first, without their secrets.</summary>
    public Task<List<TokenDto>> ListAsync(Guid userId, CancellationToken ct) => db.ApiTokens.AsNoTracking()
        .Where(t => t.UserId == userId)
        .OrderBy(t => t.CreatedAt)
        .Select(t => new TokenDto(t.Id, t.Name, t.Hint, t.CreatedAt, t.LastUsedAt, t.RevokedAt))
        .ToListAsync(ct);

    public async Task<(ApiToken Token, string Secret)> IssueAsync(Guid userId, string name, CancellationToken ct)
    {
        var (token, secret) = ApiToken.Issue(userId, name, time.GetUtcNow().UtcDateTime);
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
}
