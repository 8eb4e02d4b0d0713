using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity;

/// <summary>A member of staff.</summary>
public sealed record UserDto(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles);

/// <summary>Create a member of staff with one role.</summary>
public sealed record CreateUserRequest(
    [property: Required, EmailAddress, StringLength(256)] string Email,
    [property: Required, StringLength(200, MinimumLength = 1), NoControlCharacters] string DisplayName,
    [property: Required] string Role,
    [property: Required, StringLength(200, MinimumLength = 10)] string Password);

public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/users").WithTags("Users").RequireAuthorization(Policies.Staff);
        group.MapGet("/", ListUsers);
        group.MapGet("/me", Me);
        group.MapPost("/", CreateUser).RequireAuthorization(Policies.Administer).Idempotent();
        return app;
    }

    public static async Task<Ok<List<UserDto>>> ListUsers(RapportDbContext db, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct);
        return TypedResults.Ok(users.Select(u => new UserDto(u.Id, u.Email ?? "", u.DisplayName,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order().ToList())).ToList());
    }

    public static async Task<Ok<UserDto>> Me(System.Security.Claims.ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        var user = await users.GetUserAsync(principal) ?? throw new InvalidOperationException("Signed-in user not found.");
        return TypedResults.Ok(new UserDto(user.Id, user.Email ?? "", user.DisplayName, [.. await users.GetRolesAsync(user)]));
    }

    public static async Task<Results<Created<UserDto>, ValidationProblem, ProblemHttpResult>> CreateUser(CreateUserRequest request, StaffAccounts accounts, CancellationToken ct)
    {
        var user = await accounts.CreateAsync(request.Email, request.DisplayName, request.Role, request.Password, ct);
        return TypedResults.Created($"/api/v1/users/{user.Id}", new UserDto(user.Id, user.Email ?? "", user.DisplayName, [Roles.Canonical(request.Role)!]));
    }
}
