using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity.TwoFactor;

/// <summary>
/// Identity's authenticator-app provider, replaced: Identity's own accepts a code for two steps either side, reads the
/// system clock (not <see cref="TimeProvider"/>) and accepts the same code again and again within its window. This one
/// takes one step either side and accepts each step once per person: the step is claimed in one conditional update, so
/// two requests with the same code (on any node) cannot both succeed.
/// </summary>
public sealed class TotpAuthenticatorProvider(RapportDbContext db, TimeProvider time) : IUserTwoFactorTokenProvider<AppUser>
{
    public const string Name = "RapportAuthenticator";

    /// <summary>The app makes the codes; there is nothing to send.</summary>
    public Task<string> GenerateAsync(string purpose, UserManager<AppUser> manager, AppUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<AppUser> manager, AppUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrWhiteSpace(key))
        {
            return false;
        }

        var code = token.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (Totp.MatchingStep(Totp.FromBase32(key), code, time.GetUtcNow(), user.LastTotpStep) is not { } step)
        {
            return false;
        }

        var claimed = await db.Users.Where(u => u.Id == user.Id && (u.LastTotpStep == null || u.LastTotpStep < step))
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.LastTotpStep, step));
        if (claimed == 0)
        {
            return false;
        }

        // Also on the tracked user, so a later update of the person (enabling two-factor) does not write the old step back.
        user.LastTotpStep = step;
        return true;
    }

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<AppUser> manager, AppUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));
}
