using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Rapport.Features.Identity.TwoFactor;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity;

public static class IdentitySetup
{
    private const string Smart = "Rapport";

    public static IServiceCollection AddRapportIdentity(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Smart;
                o.DefaultChallengeScheme = Smart;
            })
            // Bearer tokens for API clients, the Identity cookie for people in the browser (and only for API reads).
            .AddPolicyScheme(Smart, Smart, o => o.ForwardDefaultSelector = ctx => ApiCredentials.SchemeFor(ctx.Request))
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/login";
            o.AccessDeniedPath = "/denied";
            o.Cookie.Name = "rapport.auth";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.HttpOnly = true;
            // The idle timeout: the cookie lapses after that long without a request and is renewed as the person works.
            o.SlidingExpiration = true;
            o.Events.OnSigningIn = SessionLifetime.OnSigningIn;
            o.Events.OnValidatePrincipal = SessionLifetime.OnValidatePrincipal;
            // API callers get status codes, not redirects to the login page.
            o.Events.OnRedirectToLogin = ctx => Reject(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Reject(ctx, StatusCodes.Status403Forbidden);
        });
        services.AddOptions<RapportIdentityOptions>().BindConfiguration(RapportIdentityOptions.Section);
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<RapportIdentityOptions>>((o, rules) => o.ExpireTimeSpan = rules.Value.IdleTimeout);
        services.AddOptions<IdentityOptions>()
            .Configure<IOptions<RapportIdentityOptions>>((o, rules) => o.Password.RequiredLength = rules.Value.PasswordMinLength);

        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequireNonAlphanumeric = false;
                // Length over composition rules (NIST SP 800-63B).
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 10;
                o.Tokens.AuthenticatorTokenProvider = TotpAuthenticatorProvider.Name;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<RapportDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<RapportClaimsFactory>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<TotpAuthenticatorProvider>(TotpAuthenticatorProvider.Name)
            .AddPasswordValidator<PasswordRules>();
        services.Replace(ServiceDescriptor.Scoped<IUserStore<AppUser>, HashedRecoveryCodeStore>());
        services.AddScoped<TwoFactorRules>();
        services.AddScoped<TwoFactorEnrolment>();

        services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section);
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<ApiTokenCache>();
        services.AddSingleton<ApiTokenCacheSync>();
        services.AddScoped<StaffAdministration>();
        services.AddScoped<UserPreferences>();
        // A disabled person's browser sessions end within a minute: the cookie re-reads the security stamp that often
        // (Identity's default is 30 minutes), and open pages are checked as often by StaffSessionRevalidation.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = StaffSessionRevalidation.Interval;
            o.OnRefreshingPrincipal = SessionLifetime.OnRefreshingPrincipal;
        });
        services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, ApiTokenCacheInvalidation>();
        services.AddAuthorizationBuilder().AddRapportPolicies();
        return services;
    }

    private static Task Reject(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/openapi"))
        {
            ctx.Response.StatusCode = status;
            if (status == StatusCodes.Status401Unauthorized)
            {
                ctx.Response.Headers.WWWAuthenticate = ApiTokenAuthenticationHandler.Challenge;
            }

            return Task.CompletedTask;
        }

        // A person who must set up two-factor sign-in has no roles yet (RapportClaimsFactory): every page sends them there.
        ctx.Response.Redirect(status == StatusCodes.Status403Forbidden && ctx.HttpContext.User.HasClaim(c => c.Type == RapportClaims.MustEnrolTwoFactor)
            ? TwoFactorEnrolment.PagePath
            : ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
