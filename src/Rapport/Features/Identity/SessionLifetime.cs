using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Rapport.Features.Identity;

/// <summary>
/// A browser session's two limits (<see cref="RapportIdentityOptions"/>): the idle timeout is the sign-in cookie's own
/// sliding expiry; the absolute lifetime is counted from when the password was given, which the cookie carries (its
/// issue time moves with every renewal), and is checked on every request and by open pages (<see cref="StaffSessionRevalidation"/>).
/// </summary>
public static class SessionLifetime
{
    private const string StartedItem = "rapport.session_started";

    /// <summary>A new session notes when it began; a refreshed one (new claims after enrolling) keeps its beginning.</summary>
    public static Task OnSigningIn(CookieSigningInContext context)
    {
        var now = context.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!context.Properties.Items.TryGetValue(StartedItem, out var started) || started is null)
        {
            started = now.ToString("O", CultureInfo.InvariantCulture);
            context.Properties.Items[StartedItem] = started;
        }

        if (context.Principal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == RapportClaims.SessionStarted))
        {
            identity.AddClaim(new Claim(RapportClaims.SessionStarted, started));
        }

        return Task.CompletedTask;
    }

    /// <summary>Ends a session older than its lifetime, then lets Identity check the security stamp as before.</summary>
    public static async Task OnValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var lifetime = services.GetRequiredService<IOptions<RapportIdentityOptions>>().Value.SessionLifetime;
        var started = context.Properties.Items.TryGetValue(StartedItem, out var text) && Parse(text) is { } at ? at : context.Properties.IssuedUtc;
        if (started is null || Expired(started.Value, now, lifetime))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>Keeps the session's beginning on the principal Identity rebuilds when it re-reads the security stamp.</summary>
    public static Task OnRefreshingPrincipal(SecurityStampRefreshingPrincipalContext context)
    {
        if (context.CurrentPrincipal?.FindFirst(RapportClaims.SessionStarted) is { } started
            && context.NewPrincipal?.Identity is ClaimsIdentity identity && !identity.HasClaim(c => c.Type == RapportClaims.SessionStarted))
        {
            identity.AddClaim(new Claim(RapportClaims.SessionStarted, started.Value));
        }

        return Task.CompletedTask;
    }

    /// <summary>For an open page: whether the session of <paramref name="user"/> has outlived <paramref name="lifetime"/>.</summary>
    public static bool Expired(ClaimsPrincipal user, DateTimeOffset now, TimeSpan lifetime) =>
        Parse(user.FindFirstValue(RapportClaims.SessionStarted)) is { } started && Expired(started, now, lifetime);

    private static bool Expired(DateTimeOffset started, DateTimeOffset now, TimeSpan lifetime) => now - started >= lifetime;

    private static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? at : null;
}
