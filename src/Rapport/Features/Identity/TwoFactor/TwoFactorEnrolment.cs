using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity.TwoFactor;

/// <summary>Where a person stands with two-factor sign-in, as the enrolment page shows it.</summary>
public sealed record TwoFactorState(bool Enabled, bool Required, string? Key, string? OtpAuthUri, int RecoveryCodesLeft);

/// <summary>
/// A person setting up, renewing and turning off their own two-factor sign-in (the enrolment page). The authenticator key
/// and recovery codes are Identity's (user tokens; the codes hashed by <see cref="HashedRecoveryCodeStore"/>). Each
/// change renews the person's sign-in so the cookie carries the new state (and their roles once enrolled).
/// </summary>
public sealed class TwoFactorEnrolment(UserManager<AppUser> users, SignInManager<AppUser> signIn, RapportDbContext db, AuditContext audit)
{
    public const string PagePath = "/account/two-factor";
    public const string Issuer = "Rapport";
    public const int RecoveryCodeCount = 10;

    public async Task<AppUser> UserAsync(ClaimsPrincipal principal) =>
        await users.GetUserAsync(principal) ?? throw new InvalidOperationException("The signed-in person was not found.");

    /// <summary>The person's state; a person without a key gets one (and a renewed sign-in, as a new key renews the security stamp).</summary>
    public async Task<TwoFactorState> StateAsync(AppUser user, CancellationToken ct)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) && !user.TwoFactorEnabled)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await signIn.RefreshSignInAsync(user);
        }

        var required = await TwoFactorRules.RequiredForAsync(db, user.Id, ct);
        var uri = key is null ? null : Totp.OtpAuthUri(Issuer, user.Email ?? user.UserName ?? user.Id.ToString(), key);
        return new TwoFactorState(user.TwoFactorEnabled, required, user.TwoFactorEnabled ? null : key, user.TwoFactorEnabled ? null : uri,
            await users.CountRecoveryCodesAsync(user));
    }

    /// <summary>Turns two-factor on when <paramref name="code"/> is right; the new recovery codes (shown once), or null.</summary>
    public async Task<IReadOnlyList<string>?> ConfirmAsync(AppUser user, string code)
    {
        if (user.TwoFactorEnabled || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code.Trim()))
        {
            return null;
        }

        audit.Record("user.two_factor_enabled", "user", user.Id, new { email = user.Email });
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        await signIn.RefreshSignInAsync(user);
        return [.. codes ?? []];
    }

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(AppUser user)
    {
        audit.Record("user.recovery_codes_renewed", "user", user.Id, new { email = user.Email });
        var codes = await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount);
        return [.. codes ?? []];
    }

    /// <summary>Turns two-factor off with a current code; false when the code is wrong or the person's role requires it.</summary>
    public async Task<bool> DisableAsync(AppUser user, string code, CancellationToken ct)
    {
        if (!user.TwoFactorEnabled || await TwoFactorRules.RequiredForAsync(db, user.Id, ct)
            || !await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code.Trim()))
        {
            return false;
        }

        audit.Record("user.two_factor_disabled", "user", user.Id, new { email = user.Email });
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await signIn.RefreshSignInAsync(user);
        return true;
    }
}
