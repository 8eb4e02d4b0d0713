using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity.TwoFactor;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity;

public enum SignInOutcome
{
    SignedIn,
    /// <summary>The password was right; the person uses two-factor sign-in and must give a code next.</summary>
    CodeNeeded,
    /// <summary>Signed in, but the person's role requires two-factor sign-in, which they must set up before anything else.</summary>
    MustEnrol,
    /// <summary>Unknown email or wrong password: the same answer for both.</summary>
    Refused,
    /// <summary>Too many failures; try again after <see cref="SignInAttempt.RetryAfter"/>.</summary>
    Throttled,
}

public sealed record SignInAttempt(SignInOutcome Outcome, TimeSpan RetryAfter = default);

/// <summary>
/// Signing in with an email and password without telling anyone which emails have accounts: an unknown email and a
/// locked-out account cost the same password-hash check as a wrong password and get the same answer, and all count
/// towards <see cref="SignInThrottle"/>.
/// </summary>
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, SignInThrottle throttle,
    RapportDbContext db, TimeProvider time)
{
    private static readonly AppUser Nobody = new() { DisplayName = "" };
    private static string? dummyHash;

    public async Task<SignInAttempt> SignInAsync(string email, string password, IPAddress? from)
    {
        email = email.Trim();
        if (throttle.RetryAfter(from, email) is { } wait)
        {
            return new SignInAttempt(SignInOutcome.Throttled, wait);
        }

        var user = await signIn.UserManager.FindByNameAsync(email);
        if (user is null)
        {
            return Refuse(from, email, password);
        }

        var lockedOut = await signIn.UserManager.IsLockedOutAsync(user);
        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            throttle.Succeeded(email);
            await RecordSignInAsync(user);
            return new SignInAttempt(await TwoFactorRules.MustEnrolAsync(db, user, CancellationToken.None) ? SignInOutcome.MustEnrol : SignInOutcome.SignedIn);
        }

        if (result.RequiresTwoFactor)
        {
            return new SignInAttempt(SignInOutcome.CodeNeeded);
        }

        // Identity's own lockout (in the database, so across nodes) answers as any refusal: a "locked" answer, or one
        // that skipped the hash check (Identity does not check the password of a locked-out account), would tell
        // that the account exists. The throttle has told the user to wait long before.
        return lockedOut ? Refuse(from, email, password) : Refused(from, email);
    }

    /// <summary>
    /// The second step for a person who gave the right password (Identity's two-factor cookie says who): a code from
    /// their authenticator app or one of their recovery codes. Wrong codes count towards Identity's lockout and the throttle.
    /// </summary>
    public async Task<SignInAttempt> SecondFactorAsync(string code, IPAddress? from)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return new SignInAttempt(SignInOutcome.Refused);
        }

        var email = user.Email ?? "";
        if (throttle.RetryAfter(from, email) is { } wait)
        {
            return new SignInAttempt(SignInOutcome.Throttled, wait);
        }

        code = code.Trim().Replace(" ", "", StringComparison.Ordinal);
        var result = code.Length == Totp.Digits && code.All(char.IsAsciiDigit)
            ? await signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: true, rememberClient: false)
            : await signIn.TwoFactorRecoveryCodeSignInAsync(code);
        if (!result.Succeeded)
        {
            return Refused(from, email);
        }

        throttle.Succeeded(email);
        await RecordSignInAsync(user);
        return new SignInAttempt(SignInOutcome.SignedIn);
    }

    /// <summary>Not through SaveChanges: a bookkeeping column, not a change to the account (which would end API token caching).</summary>
    private async Task RecordSignInAsync(AppUser user)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now));
        user.LastSignInAt = now;
    }

    /// <summary>A refusal that costs the password-hash check a real one costs (an unknown email, a locked-out account).</summary>
    private SignInAttempt Refuse(IPAddress? from, string email, string password)
    {
        // A hash of the same algorithm and work factor as a real one.
        dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        hasher.VerifyHashedPassword(Nobody, dummyHash, password);
        return Refused(from, email);
    }

    private SignInAttempt Refused(IPAddress? from, string email)
    {
        throttle.Failed(from, email);
        return new SignInAttempt(SignInOutcome.Refused);
    }
}
