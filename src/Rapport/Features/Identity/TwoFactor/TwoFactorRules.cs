using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity.TwoFactor;

/// <summary>Which roles must use two-factor sign-in, and whether a person still has to enrol before they may do anything.</summary>
public sealed class TwoFactorRules(RapportDbContext db, AuditContext audit, TimeProvider time)
{
    public Task<List<string>> RequiredRolesAsync(CancellationToken ct) =>
        db.Set<TwoFactorRoleRequirement>().AsNoTracking().Select(r => r.Role).OrderBy(r => r).ToListAsync(ct);

    /// <summary>
    /// Makes exactly <paramref name="roles"/> (roles of people) require two-factor sign-in; audited. Refused when it would
    /// newly cover a role of <paramref name="actorId"/>'s while they have no two-factor themselves: they would lose every
    /// permission, this screen included, the moment it was saved.
    /// </summary>
    public async Task<List<string>> SetRequiredRolesAsync(IReadOnlyCollection<string> roles, Guid actorId, CancellationToken ct)
    {
        var wanted = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var role in roles)
        {
            var canonical = Roles.Canonical(role);
            if (canonical is null || !Roles.All.Contains(canonical))
            {
                throw new InvalidInputException("requiredForRoles", $"'{role}' is not a role of people. Roles: {string.Join(", ", Roles.All)}.");
            }

            wanted.Add(canonical);
        }

        var current = await db.Set<TwoFactorRoleRequirement>().ToListAsync(ct);
        var before = current.Select(r => r.Role).Order(StringComparer.Ordinal).ToList();
        if (before.SequenceEqual(wanted))
        {
            return before;
        }

        var actorRoles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == actorId select r.Name).ToListAsync(ct);
        if (wanted.Except(before).Any(actorRoles.Contains) && !await db.Users.AnyAsync(u => u.Id == actorId && u.TwoFactorEnabled, ct))
        {
            throw new InvalidInputException("requiredForRoles",
                "Turn on two-factor sign-in for yourself first (Two-factor sign-in page): requiring it for your own role would otherwise lock you out.");
        }

        db.Set<TwoFactorRoleRequirement>().RemoveRange(current.Where(r => !wanted.Contains(r.Role)));
        var now = time.GetUtcNow().UtcDateTime;
        db.Set<TwoFactorRoleRequirement>().AddRange(wanted.Except(before).Select(r => new TwoFactorRoleRequirement { Role = r, RequiredSince = now }));
        audit.Record("security.two_factor_roles", "organisation", "two-factor", new { from = before, to = wanted.ToList() });
        await db.SaveChangesAsync(ct);
        return [.. wanted];
    }

    /// <summary>True when a role of <paramref name="userId"/>'s requires two-factor sign-in.</summary>
    public static Task<bool> RequiredForAsync(RapportDbContext db, Guid userId, CancellationToken ct) =>
        (from ur in db.UserRoles
         join r in db.Roles on ur.RoleId equals r.Id
         join q in db.Set<TwoFactorRoleRequirement>() on r.Name equals q.Role
         where ur.UserId == userId
         select q.Role).AnyAsync(ct);

    /// <summary>The person's role requires two-factor sign-in and they have not set it up.</summary>
    public static async Task<bool> MustEnrolAsync(RapportDbContext db, AppUser user, CancellationToken ct) =>
        !user.TwoFactorEnabled && await RequiredForAsync(db, user.Id, ct);
}
