using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Identity;

/// <summary>
/// A member of staff. A disabled person cannot sign in and their API tokens do not work. twoFactorEnabled: whether they
/// sign in with an authenticator code after their password; lastSignInAt: when they last signed in (UTC), null for never.
/// </summary>
public sealed record UserDto(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool Disabled = false,
    bool TwoFactorEnabled = false, DateTime? LastSignInAt = null)
{
    public static UserDto From(StaffPerson m) => new(m.Id, m.Email, m.DisplayName, m.Roles, m.Disabled, m.TwoFactorEnabled, m.LastSignInAt);
}

/// <summary>Create a member of staff with one role. The password must meet the password policy (at least 12 characters by default, not a common password, not containing the email's local part).</summary>
public sealed record CreateUserRequest(
    [property: Required, EmailAddress, StringLength(256)] string Email,
    [property: Required, StringLength(200, MinimumLength = 1), NoControlCharacters] string DisplayName,
    [property: Required] string Role,
    [property: Required, StringLength(200)] string Password);

/// <summary>Change a member of staff: give only what changes. A person has one role.</summary>
/// <param name="DisplayName">The name colleagues see.</param>
/// <param name="Role">Agent, Supervisor, Administrator, Auditor (or Integration for a system). The last active administrator keeps the role.</param>
public sealed record UpdateUserRequest(
    [property: StringLength(200, MinimumLength = 1), NoControlCharacters] string? DisplayName = null,
    [property: StringLength(50)] string? Role = null);

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(Policies.Staff);
        group.MapGet("/", ListUsers);
        group.MapGet("/me", Me);
        group.MapPost("/", CreateUser).RequireAuthorization(Policies.Administer).Idempotent();
        group.MapPatch("/{id}", UpdateUser).RequireAuthorization(Policies.Administer);
        group.MapPost("/{id}/disable", DisableUser).RequireAuthorization(Policies.Administer);
        group.MapPost("/{id}/enable", EnableUser).RequireAuthorization(Policies.Administer);
        group.MapPost("/{id}/two-factor/reset", ResetTwoFactor).RequireAuthorization(Policies.Administer);
        return app;
    }

    public static async Task<Ok<List<UserDto>>> ListUsers(StaffAdministration staff, CancellationToken ct) =>
        TypedResults.Ok((await staff.ListAsync(ct)).Select(UserDto.From).ToList());

    public static async Task<Ok<UserDto>> Me(System.Security.Claims.ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        var user = await users.GetUserAsync(principal) ?? throw new InvalidOperationException("Signed-in user not found.");
        return TypedResults.Ok(new UserDto(user.Id, user.Email ?? "", user.DisplayName, [.. await users.GetRolesAsync(user)], false,
            user.TwoFactorEnabled, user.LastSignInAt));
    }

    public static async Task<Results<Created<UserDto>, ValidationProblem, ProblemHttpResult>> CreateUser(CreateUserRequest request, StaffAccounts accounts, CancellationToken ct)
    {
        var user = await accounts.CreateAsync(request.Email, request.DisplayName, request.Role, request.Password, ct);
        return TypedResults.Created($"/api/v1/users/{user.Id}", new UserDto(user.Id, user.Email ?? "", user.DisplayName, [Roles.Canonical(request.Role)!]));
    }

    public static async Task<Results<Ok<UserDto>, ValidationProblem, ProblemHttpResult>> UpdateUser(Guid id, UpdateUserRequest request,
        StaffAdministration staff, CancellationToken ct)
    {
        if (request.DisplayName is null && request.Role is null)
        {
            return Problems.Invalid("role", "Give a displayName or a role to change.");
        }

        return await staff.UpdateAsync(id, request.DisplayName, request.Role, ct) is { } member
            ? TypedResults.Ok(UserDto.From(member))
            : Problems.NotFound("user", id);
    }

    /// <summary>Stops the person signing in and their API tokens working, on every node at once. Refused for the last active administrator.</summary>
    public static async Task<Results<Ok<UserDto>, ValidationProblem, ProblemHttpResult>> DisableUser(Guid id, StaffAdministration staff, CancellationToken ct) =>
        await staff.DisableAsync(id, ct) is { } member ? TypedResults.Ok(UserDto.From(member)) : Problems.NotFound("user", id);

    /// <summary>Lets a disabled person sign in again; their unrevoked API tokens work again.</summary>
    public static async Task<Results<Ok<UserDto>, ValidationProblem, ProblemHttpResult>> EnableUser(Guid id, StaffAdministration staff, CancellationToken ct) =>
        await staff.EnableAsync(id, ct) is { } member ? TypedResults.Ok(UserDto.From(member)) : Problems.NotFound("user", id);

    /// <summary>Turns off the person's two-factor sign-in and deletes their authenticator key and recovery codes (audited); their sessions end.</summary>
    public static async Task<Results<Ok<UserDto>, ProblemHttpResult>> ResetTwoFactor(Guid id, StaffAdministration staff, CancellationToken ct) =>
        await staff.ResetTwoFactorAsync(id, ct) is { } member ? TypedResults.Ok(UserDto.From(member)) : Problems.NotFound("user", id);
}
