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
/// Signing in with an email and password without telling anyone which emails have accounts: an unknown email costs
/// the same password-hash check as a wrong password and gets the same answer, and both count towards
/// <see cref="SignInThrottle"/>.
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
            // A hash of the same algorithm and work factor as a real one, so this costs what a wrong password costs.
            dummyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(Nobody, dummyHash, password);
            throttle.Failed(from, email);
            return new SignInAttempt(SignInOutcome.Refused);
        }

        var result = await signIn.PasswordSignInAsync(user, password, isPersistent: true, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            throttle.Succeeded(email);
            return new SignInAttempt(SignInOutcome.SignedIn);
        }

        if (result.IsLockedOut)
        {
            // Identity's own lockout (in the database, across nodes) reads like the throttle: no separate "locked" message.
            // Identity times it on the system clock, not TimeProvider; never announce more than its lockout length.
            var end = await signIn.UserManager.GetLockoutEndDateAsync(user) ?? DateTimeOffset.MinValue;
            var left = end - TimeProvider.System.GetUtcNow();
            var longest = signIn.Options.Lockout.DefaultLockoutTimeSpan;
            return new SignInAttempt(SignInOutcome.Throttled, left <= TimeSpan.Zero ? TimeSpan.FromMinutes(1) : left > longest ? longest : left);
        }

        throttle.Failed(from, email);
        return new SignInAttempt(SignInOutcome.Refused);
    }
}
