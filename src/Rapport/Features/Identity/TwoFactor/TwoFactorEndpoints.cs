using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Rapport.Features.Identity.TwoFactor;

/// <summary>Which roles must sign in with an authenticator code after their password.</summary>
/// <param name="RequiredForRoles">Roles of people (Agent, Supervisor, Administrator, Auditor); empty: nobody must.</param>
public sealed record TwoFactorSettingsDto(IReadOnlyList<string> RequiredForRoles);

/// <summary>Set the roles that must use two-factor sign-in; people of them without it set it up at their next sign-in.</summary>
public sealed record TwoFactorSettingsRequest([property: Required] IReadOnlyList<string> RequiredForRoles);

public static class TwoFactorEndpoints
{
    public static IEndpointRouteBuilder MapTwoFactorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/security/two-factor").WithTags("Users").RequireAuthorization(Policies.Administer);
        group.MapGet("/", GetTwoFactorSettings);
        group.MapPut("/", PutTwoFactorSettings).ProducesValidationProblem();
        return app;
    }

    public static async Task<Ok<TwoFactorSettingsDto>> GetTwoFactorSettings(TwoFactorRules rules, CancellationToken ct) =>
        TypedResults.Ok(new TwoFactorSettingsDto(await rules.RequiredRolesAsync(ct)));

    /// <summary>Refused (400) when it would newly require two-factor for the caller's own role while the caller has none.</summary>
    public static async Task<Ok<TwoFactorSettingsDto>> PutTwoFactorSettings(TwoFactorSettingsRequest request, ClaimsPrincipal user, TwoFactorRules rules,
        CancellationToken ct) =>
        TypedResults.Ok(new TwoFactorSettingsDto(await rules.SetRequiredRolesAsync(request.RequiredForRoles, user.UserId(), ct)));
}
