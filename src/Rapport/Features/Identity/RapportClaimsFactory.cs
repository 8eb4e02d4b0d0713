using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Rapport.Features.Identity.TwoFactor;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity;

/// <summary>
/// Adds the display name to the sign-in principal so audit entries and the UI can show it. A person whose role requires
/// two-factor sign-in and who has not set it up gets no role claims, only <see cref="RapportClaims.MustEnrolTwoFactor"/>:
/// every policy names roles, so until they enrol they can open nothing but the enrolment page — whether they came in by
/// the sign-in page, an older session (re-read within a minute) or an API token.
/// </summary>
public sealed class RapportClaimsFactory(
    UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, IOptions<IdentityOptions> options, RapportDbContext db)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(RapportClaims.DisplayName, user.DisplayName));
        if (await TwoFactorRules.MustEnrolAsync(db, user, CancellationToken.None))
        {
            foreach (var role in identity.FindAll(identity.RoleClaimType).ToList())
            {
                identity.RemoveClaim(role);
            }

            identity.AddClaim(new Claim(RapportClaims.MustEnrolTwoFactor, "true"));
        }

        return identity;
    }
}
