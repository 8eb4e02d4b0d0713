using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Audit;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity;

/// <summary>A member of staff as an administrator sees them: role(s) and whether they may sign in.</summary>
public sealed record StaffPerson(Guid Id, string Email, string DisplayName, IReadOnlyList<string> Roles, bool Disabled,
    bool TwoFactorEnabled = false, DateTime? LastSignInAt = null);

/// <summary>
/// Changing and disabling staff accounts, for the API and the People page alike (creating them is
/// <see cref="StaffAccounts"/>). Every change is one save with its audit entry, renews the security stamp (open browser
/// sessions end at their next check) and, through <see cref="ApiTokenCacheInvalidation"/>, stops the person's cached API
/// tokens on every node. No change may leave the organisation without an active administrator.
/// </summary>
public sealed class StaffAdministration(RapportDbContext db, AuditContext audit)
{
    /// <summary>
    /// A disabled account is locked out until this date: sign-in (Identity's lockout) and the API token handler already
    /// refuse a locked-out account, so disabling needs no check of its own on those paths. A failed-sign-in lockout ends
    /// minutes later, so the two never look alike.
    /// </summary>
    public static readonly DateTimeOffset DisabledUntil = new(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static bool IsDisabled(AppUser user) => user.LockoutEnd is { } end && end >= DisabledUntil;

    public async Task<List<StaffPerson>> ListAsync(CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).ToListAsync(ct);
        var roles = await RolesAsync(null, ct);
        return users.Select(u => ToMember(u, roles)).ToList();
    }

    public async Task<StaffPerson?> FindAsync(Guid id, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        return user is null ? null : ToMember(user, await RolesAsync(id, ct));
    }

    /// <summary>Changes the display name and/or the role (a person has one role). Null: not found.</summary>
    public async Task<StaffPerson?> UpdateAsync(Guid id, string? displayName, string? role, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return null;
        }

        var current = await RolesAsync(id, ct);
        var before = current.Where(r => r.UserId == id).Select(r => r.Name).ToList();
        if (displayName is not null)
        {
            var name = displayName.Trim();
            if (name.Length == 0)
            {
                throw new InvalidInputException("displayName", "Give the person a display name.");
            }

            if (name != user.DisplayName)
            {
                audit.Record("user.renamed", "user", id, new { from = user.DisplayName, to = name });
                user.DisplayName = name;
            }
        }

        if (role is not null)
        {
            var canonical = Roles.Canonical(role)
                ?? throw new InvalidInputException("role", $"'{role}' is not a role. Roles: {string.Join(", ", Roles.AllIncludingSystems)}.");
            if (before is not [var only] || only != canonical)
            {
                if (before.Contains(Roles.Administrator) && canonical != Roles.Administrator && !IsDisabled(user))
                {
                    await EnsureAnotherActiveAdministratorAsync(id, "role", ct);
                }

                var roleIds = await db.Roles.ToDictionaryAsync(r => r.Name!, r => r.Id, ct);
                if (!roleIds.TryGetValue(canonical, out var roleId))
                {
                    throw new InvalidInputException("role", $"The role '{canonical}' does not exist yet; start the host once to create the roles.");
                }

                db.UserRoles.RemoveRange(await db.UserRoles.Where(ur => ur.UserId == id).ToListAsync(ct));
                db.UserRoles.Add(new IdentityUserRole<Guid> { UserId = id, RoleId = roleId });
                audit.Record("user.roleChanged", "user", id, new { from = before, to = canonical });
                Renew(user);
            }
        }

        await db.SaveChangesAsync(ct);
        return await FindAsync(id, ct);
    }

    /// <summary>Stops the person signing in and every API token of theirs working. Null: not found.</summary>
    public async Task<StaffPerson?> DisableAsync(Guid id, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return null;
        }

        if (!IsDisabled(user))
        {
            if (await db.UserRoles.AnyAsync(ur => ur.UserId == id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Administrator), ct))
            {
                await EnsureAnotherActiveAdministratorAsync(id, "id", ct);
            }

            user.LockoutEnabled = true;
            user.LockoutEnd = DisabledUntil;
            Renew(user);
            audit.Record("user.disabled", "user", id, new { email = user.Email });
            await db.SaveChangesAsync(ct);
        }

        return await FindAsync(id, ct);
    }

    /// <summary>Lets a disabled person sign in again (their API tokens work again unless revoked). Null: not found.</summary>
    public async Task<StaffPerson?> EnableAsync(Guid id, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return null;
        }

        if (IsDisabled(user))
        {
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            Renew(user);
            audit.Record("user.enabled", "user", id, new { email = user.Email });
            await db.SaveChangesAsync(ct);
        }

        return await FindAsync(id, ct);
    }

    /// <summary>
    /// Turns off a person's two-factor sign-in (they lost their phone and their recovery codes): their key and recovery
    /// codes are deleted and their sessions end; if their role requires two-factor they set it up again at their next
    /// sign-in. Audited. Null: not found.
    /// </summary>
    public async Task<StaffPerson?> ResetTwoFactorAsync(Guid id, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null)
        {
            return null;
        }

        // Identity keeps the authenticator key and the recovery codes as user tokens of its own internal provider.
        var secrets = await db.UserTokens.Where(t => t.UserId == id && t.LoginProvider == TwoFactor.HashedRecoveryCodeStore.InternalProvider
            && (t.Name == "AuthenticatorKey" || t.Name == TwoFactor.HashedRecoveryCodeStore.RecoveryCodesName)).ToListAsync(ct);
        db.UserTokens.RemoveRange(secrets);
        audit.Record("user.two_factor_reset", "user", id, new { email = user.Email, wasEnabled = user.TwoFactorEnabled });
        user.TwoFactorEnabled = false;
        Renew(user);
        await db.SaveChangesAsync(ct);
        return await FindAsync(id, ct);
    }

    private async Task EnsureAnotherActiveAdministratorAsync(Guid id, string field, CancellationToken ct)
    {
        var administrators = await (from ur in db.UserRoles
                                    join r in db.Roles on ur.RoleId equals r.Id
                                    join u in db.Users on ur.UserId equals u.Id
                                    where r.Name == Roles.Administrator && u.Id != id
                                    select u).AsNoTracking().ToListAsync(ct);
        if (!administrators.Any(u => !IsDisabled(u)))
        {
            throw new InvalidInputException(field,
                "This is the last active administrator: make someone else an administrator first, or nobody could manage accounts.");
        }
    }

    /// <summary>A new security stamp ends the person's browser sessions at their next check; a new concurrency stamp as Identity's own updates do.</summary>
    private static void Renew(AppUser user)
    {
        user.SecurityStamp = Guid.NewGuid().ToString("N");
        user.ConcurrencyStamp = Guid.NewGuid().ToString();
    }

    private async Task<List<(Guid UserId, string Name)>> RolesAsync(Guid? userId, CancellationToken ct) =>
        (await (from ur in db.UserRoles
                join r in db.Roles on ur.RoleId equals r.Id
                where userId == null || ur.UserId == userId
                select new { ur.UserId, r.Name }).ToListAsync(ct))
        .Select(r => (r.UserId, r.Name!)).ToList();

    private static StaffPerson ToMember(AppUser u, List<(Guid UserId, string Name)> roles) =>
        new(u.Id, u.Email ?? "", u.DisplayName, roles.Where(r => r.UserId == u.Id).Select(r => r.Name).Order().ToList(), IsDisabled(u),
            u.TwoFactorEnabled, u.LastSignInAt);
}
