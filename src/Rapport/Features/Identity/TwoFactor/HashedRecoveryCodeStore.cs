using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity.TwoFactor;

/// <summary>
/// Identity's user store, keeping only SHA-256 hashes of recovery codes (Identity stores them as given, in the user
/// tokens table): a copy of the database then holds no code that signs anyone in. The codes are random (about 50
/// bits), so an unsalted fast hash is enough; they are compared without case, spaces or dashes.
/// </summary>
public sealed class HashedRecoveryCodeStore(RapportDbContext context, IdentityErrorDescriber? describer = null)
    : UserStore<AppUser, IdentityRole<Guid>, RapportDbContext, Guid>(context, describer)
{
    /// <summary>Where Identity keeps a user's recovery codes (its own internal token provider).</summary>
    public const string InternalProvider = "[AspNetUserStore]";
    public const string RecoveryCodesName = "RecoveryCodes";

    public override Task ReplaceCodesAsync(AppUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken = default) =>
        base.ReplaceCodesAsync(user, recoveryCodes.Select(Hash), cancellationToken);

    /// <summary>
    /// Not through the base method: it stores what is left through <see cref="ReplaceCodesAsync"/>, which would hash the
    /// remaining hashes again and so make every other code stop working.
    /// </summary>
    public override async Task<bool> RedeemCodeAsync(AppUser user, string code, CancellationToken cancellationToken = default)
    {
        var hash = Hash(code);
        var stored = (await GetTokenAsync(user, InternalProvider, RecoveryCodesName, cancellationToken) ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries);
        if (!stored.Contains(hash, StringComparer.Ordinal))
        {
            return false;
        }

        await base.ReplaceCodesAsync(user, stored.Where(s => s != hash), cancellationToken);
        return true;
    }

    public static string Hash(string code)
    {
        var normal = new string(code.Where(char.IsAsciiLetterOrDigit).Select(char.ToUpperInvariant).ToArray());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normal)));
    }
}
