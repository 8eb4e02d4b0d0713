using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Identity;

public static class PreferenceEndpoints
{
    public static IEndpointRouteBuilder MapPreferenceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users/me/preferences").WithTags("Users").RequireAuthorization(Policies.Staff);
        group.MapGet("/", GetPreferences);
        group.MapPut("/", PutPreferences);
        return app;
    }

    /// <summary>The signed-in person's preferences: the time zone their pages show times in (API times stay UTC).</summary>
    public static async Task<Results<Ok<PreferencesDto>, ProblemHttpResult>> GetPreferences(ClaimsPrincipal principal, UserPreferences preferences,
        CancellationToken ct) =>
        await preferences.GetAsync(principal.UserId(), ct) is { } found ? TypedResults.Ok(found) : Problems.NotFound("user", principal.UserId());

    /// <summary>Replaces the signed-in person's preferences; timeZone null means the organisation's. An unknown zone is a 400 naming timeZone.</summary>
    public static async Task<Results<Ok<PreferencesDto>, ValidationProblem, ProblemHttpResult>> PutPreferences(UpdatePreferencesRequest request,
        ClaimsPrincipal principal, UserPreferences preferences, CancellationToken ct) =>
        await preferences.SetTimeZoneAsync(principal.UserId(), request.TimeZone, ct) is { } saved
            ? TypedResults.Ok(saved)
            : Problems.NotFound("user", principal.UserId());
}
