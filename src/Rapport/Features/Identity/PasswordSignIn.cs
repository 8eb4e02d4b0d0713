using System.Net;
using Microsoft.AspNetCore.Identity;

namespace Rapport.Features.Identity;

public enum SignInOutcome
{
    SignedIn,
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
public sealed class PasswordSignIn(SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, SignInThrottle throttle)
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
            return new SignInAttempt(SignInOutcome.SignedIn);
        }

        // Identity's own lockout (in the database, so across nodes) answers as any refusal: a "locked" answer, or one
        // that skipped the hash check (Identity does not check the password of a locked-out account), would tell
        // that the account exists. The throttle has told the user to wait long before.
        return lockedOut ? Refuse(from, email, password) : Refused(from, email);
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
