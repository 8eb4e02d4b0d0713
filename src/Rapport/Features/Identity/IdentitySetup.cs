using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
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
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(10);
            // API callers get status codes, not redirects to the login page.
            o.Events.OnRedirectToLogin = ctx => Reject(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => Reject(ctx, StatusCodes.Status403Forbidden);
        });

        services.AddIdentityCore<AppUser>(o =>
            {
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                // Length over composition rules (NIST SP 800-63B).
                o.Password.RequireDigit = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.User.RequireUniqueEmail = true;
                o.Lockout.MaxFailedAccessAttempts = 10;
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<RapportDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<RapportClaimsFactory>()
            .AddDefaultTokenProviders();

        services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section);
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<PasswordSignIn>();
        services.AddSingleton<ApiTokenCache>();
        services.AddSingleton<ApiTokenCacheSync>();
        services.AddScoped<StaffAdministration>();
        // A disabled person's browser sessions end within a minute: the cookie re-reads the security stamp that often
        // (Identity's default is 30 minutes), and open pages are checked as often by StaffSessionRevalidation.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = StaffSessionRevalidation.Interval);
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

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
