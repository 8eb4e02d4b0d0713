using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Rapport.Features.Identity;

/// <summary>
/// An open page (a Blazor circuit) makes no HTTP requests, so the cookie's own check never runs while it is open: this
/// checks the person's security stamp every <see cref="Interval"/> and signs the page out when their account was disabled
/// or changed (<see cref="StaffAdministration"/> renews the stamp) or the session outlived its lifetime, as the cookie check does for the next request.
/// </summary>
public sealed class StaffSessionRevalidation(ILoggerFactory logs, IServiceScopeFactory scopes, IOptions<IdentityOptions> options,
    IOptions<RapportIdentityOptions> rules, TimeProvider time)
    : RevalidatingServerAuthenticationStateProvider(logs)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken ct)
    {
        if (SessionLifetime.Expired(state.User, time.GetUtcNow(), rules.Value.SessionLifetime))
        {
            return false;
        }

        try
        {
            return await StampStillValidAsync(state, ct);
        }
        catch (Exception e) when (Infrastructure.Data.DatabaseUnavailable.Is(e))
        {
            // The base class signs the page out on any error: an outage of the database must not sign everyone out.
            // The check runs again at the next interval.
            return true;
        }
    }

    private async Task<bool> StampStillValidAsync(AuthenticationState state, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.GetUserAsync(state.User);
        if (user is null || StaffAdministration.IsDisabled(user))
        {
            return false;
        }

        if (!users.SupportsUserSecurityStamp)
        {
            return true;
        }

        var stamp = state.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
