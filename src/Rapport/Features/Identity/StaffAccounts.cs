using Microsoft.AspNetCore.Identity;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Identity;

/// <summary>Creating staff accounts with their role, used by the API, the demo seeder and tests.</summary>
public sealed class StaffAccounts(UserManager<AppUser> users, RoleManager<IdentityRole<Guid>> roles, AuditContext audit,
    Infrastructure.Data.RapportDbContext db)
{
    public async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.AllIncludingSystems)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole<Guid>(role));
            }
        }
    }

    public async Task<AppUser> CreateAsync(string email, string displayName, string role, string password, CancellationToken ct)
    {
        var canonical = Roles.Canonical(role) ?? throw new InvalidInputException("role", $"'{role}' is not a role. Roles: {string.Join(", ", Roles.AllIncludingSystems)}.");
        await EnsureRolesAsync();
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new InvalidInputException("email", $"A user with the email '{email}' already exists.");
        }

        var user = new AppUser { Id = Guid.CreateVersion7(), UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName.Trim() };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, canonical));
        audit.Record("user.created", "user", user.Id, new { email, displayName, role = canonical });
        await db.SaveChangesAsync(ct);
        return user;
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            var first = result.Errors.First();
            var field = first.Code.Contains("Password", StringComparison.Ordinal) ? "password"
                : first.Code.Contains("Email", StringComparison.Ordinal) || first.Code.Contains("UserName", StringComparison.Ordinal) ? "email" : "user";
            throw new InvalidInputException(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }
}
