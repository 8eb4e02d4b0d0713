using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Authority;

/// <summary>A member of staff as the limit checks see them: who, and in which roles.</summary>
public sealed record StaffMember(Guid Id, string Name, IReadOnlyCollection<string> Roles);

/// <summary>Administering limits of authority, and reading the limits that apply to someone.</summary>
public sealed class AuthorityLimitService(RapportDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<AuthorityLimitDto>> ListAsync(CancellationToken ct)
    {
        var limits = await db.AuthorityLimits.AsNoTracking().ToListAsync(ct);
        var names = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return limits.OrderBy(l => l.UserId is null ? 0 : 1).ThenBy(l => l.Role ?? names.GetValueOrDefault(l.UserId!.Value), StringComparer.Ordinal)
            .ThenBy(l => l.Action).ThenBy(l => l.Currency, StringComparer.Ordinal)
            .Select(l => l.ToDto(l.UserId is { } u ? names.GetValueOrDefault(u) : null)).ToList();
    }

    /// <summary>Sets the limit of a role or of one user for an action (and currency): creates it, or changes the one there is.</summary>
    public async Task<AuthorityLimit> SetAsync(SetAuthorityLimitRequest request, CancellationToken ct)
    {
        if ((request.Role is null) == (request.UserId is null))
        {
            throw new InvalidInputException("role", "Give exactly one of role and userId.");
        }

        if (request.UserId is { } userId && !await db.Users.AnyAsync(u => u.Id == userId, ct))
        {
            throw new InvalidInputException("userId", $"No user has the id '{userId}'.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var candidate = request.UserId is { } user
            ? AuthorityLimit.ForUser(user, request.Type, request.Currency, request.Amount, request.Allowed, now)
            : AuthorityLimit.ForRole(request.Role!, request.Type, request.Currency, request.Amount, request.Allowed, now);
        var existing = await db.AuthorityLimits.FirstOrDefaultAsync(l => l.Holder == candidate.Holder && l.Action == candidate.Action
            && l.Currency == candidate.Currency, ct);
        if (existing is null)
        {
            db.AuthorityLimits.Add(candidate);
        }
        else
        {
            existing.Change(request.Amount, request.Allowed, now);
        }

        await db.SaveChangesAsync(ct);
        return existing ?? candidate;
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        var limit = await db.AuthorityLimits.FirstOrDefaultAsync(l => l.Id == id, ct);
        if (limit is null)
        {
            return false;
        }

        db.AuthorityLimits.Remove(limit);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The limits that apply to a person, each with where it comes from (their own, or their role's).</summary>
    public async Task<IReadOnlyList<EffectiveLimit>> EffectiveAsync(Guid userId, CancellationToken ct)
    {
        var who = await StaffAsync(userId, ct);
        var limits = await LimitsOfAsync(who, ct);
        return LimitCheck.All(limits, userId, who.Roles);
    }

    /// <summary>The limit that applies to a person for one action and currency.</summary>
    public async Task<EffectiveLimit> EffectiveAsync(Guid userId, AuthorityActionType type, string? currency, CancellationToken ct)
    {
        var who = await StaffAsync(userId, ct);
        return LimitCheck.For(await LimitsOfAsync(who, ct), userId, who.Roles, type, currency?.Trim().ToUpperInvariant());
    }

    public async Task<StaffMember> StaffAsync(Guid userId, CancellationToken ct)
    {
        var name = await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "staff";
        var roles = await db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!)
            .ToListAsync(ct);
        return new StaffMember(userId, name, roles);
    }

    /// <summary>Everyone who works cases, with their roles: the people an approval request may go to.</summary>
    public async Task<IReadOnlyList<StaffMember>> CaseWorkersAsync(CancellationToken ct)
    {
        var pairs = await db.UserRoles.Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name }).ToListAsync(ct);
        var names = await db.Users.AsNoTracking().Select(u => new { u.Id, u.DisplayName }).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        return pairs.GroupBy(p => p.UserId)
            .Select(g => new StaffMember(g.Key, names.GetValueOrDefault(g.Key) ?? "staff", g.Select(p => p.Name!).ToList()))
            .Where(s => s.Roles.Any(r => r is Roles.Agent or Roles.Supervisor or Roles.Administrator))
            .ToList();
    }

    public Task<List<AuthorityLimit>> LimitsOfAsync(StaffMember who, CancellationToken ct) =>
        db.AuthorityLimits.AsNoTracking().Where(l => l.UserId == who.Id || (l.Role != null && who.Roles.Contains(l.Role))).ToListAsync(ct);

    /// <summary>A person and the limits that may apply to them, for screens that check as the user types.</summary>
    public async Task<(StaffMember Who, List<AuthorityLimit> Limits)> MineAsync(Guid userId, CancellationToken ct)
    {
        var who = await StaffAsync(userId, ct);
        return (who, await LimitsOfAsync(who, ct));
    }

    public async Task<IReadOnlyList<(Guid Id, string Name)>> UsersAsync(CancellationToken ct) =>
        (await db.Users.AsNoTracking().OrderBy(u => u.DisplayName).Select(u => new { u.Id, u.DisplayName }).ToListAsync(ct))
            .Select(u => (u.Id, u.DisplayName)).ToList();

    public Task<List<AuthorityLimit>> AllLimitsAsync(CancellationToken ct) => db.AuthorityLimits.AsNoTracking().ToListAsync(ct);
}
