using System.Security.Cryptography;
using System.Text;
using Rapport.Features.Audit;

namespace Rapport.Features.Identity;

/// <summary>A bearer token for the REST API. Only its SHA-256 hash is stored; the secret is shown once at creation.</summary>
public sealed class ApiToken : IAudited
{
    public const string Prefix = "rpt_";

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public required string Name { get; init; }
    [AuditRedacted]
    public required string Hash { get; init; }
    /// <summary>The first characters of the secret, so a user can tell tokens apart.</summary>
    public required string Hint { get; init; }
    public DateTime CreatedAt { get; init; }
    public ApiTokenScope Scope { get; init; } = ApiTokenScope.Full;
    /// <summary>After this the token is refused (401, "expired"); null: never (tokens made before expiry existed, and the CLI's).</summary>
    public DateTime? ExpiresAt { get; init; }
    public DateTime? RevokedAt { get; private set; }

    [NotAudited]
    public DateTime? LastUsedAt { get; set; }

    public string AuditSubjectType => "user";
    public Guid AuditSubjectId => UserId;
    public string AuditEntityName => "apiToken";

    public static (ApiToken Token, string Secret) Issue(Guid userId, string name, DateTime now, ApiTokenScope scope = ApiTokenScope.Full,
        DateTime? expiresAt = null)
    {
        var secret = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (new ApiToken
        {
            UserId = userId,
            Name = name,
            Hash = HashOf(secret),
            Hint = secret[..8],
            CreatedAt = now,
            Scope = scope,
            ExpiresAt = expiresAt,
        }, secret);
    }

    public static string HashOf(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public void Revoke(DateTime now) => RevokedAt ??= now;

    public bool ExpiredAt(DateTime now) => ExpiresAt is { } end && now >= end;
}
