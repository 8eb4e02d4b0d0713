using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// The token a visitor's browser keeps to resume their chat: their id and site, encrypted and signed with the host's
/// data-protection keys (shared by every node), expiring after <see cref="Lifetime"/> unless renewed by a visit. Not a
/// guessable id: without the keys nobody can make one, and a changed byte makes it invalid.
/// </summary>
public sealed class VisitorTokens(IDataProtectionProvider protection, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    // The expiry travels inside the protected payload and is checked against the product's clock, not the machine's.
    private readonly IDataProtector protector = protection.CreateProtector("Rapport.WebChat.Visitor.v1");

    public string Issue(ChatVisitor visitor) =>
        protector.Protect($"{visitor.Id:N}.{visitor.SiteId:N}.{(time.GetUtcNow() + Lifetime).ToUnixTimeSeconds()}");

    /// <summary>The visitor and site a token names; null when it is malformed, tampered with, from other keys or expired.</summary>
    public (Guid VisitorId, Guid SiteId)? Read(string? token)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 1000)
        {
            return null;
        }

        try
        {
            var parts = protector.Unprotect(token).Split('.');
            return parts.Length == 3 && Guid.TryParseExact(parts[0], "N", out var visitor) && Guid.TryParseExact(parts[1], "N", out var site)
                && long.TryParse(parts[2], out var expires) && time.GetUtcNow().ToUnixTimeSeconds() < expires
                ? (visitor, site)
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
