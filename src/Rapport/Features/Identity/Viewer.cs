using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Identity;

/// <summary>
/// Who is looking, for the visibility rules of records routed to restricted teams (conversations, cases and what hangs
/// off them): supervisors, administrators and auditors see all; anyone else sees what the record's own rule allows.
/// </summary>
public sealed record Viewer(Guid UserId, bool SeesAll)
{
    public static Viewer Of(ClaimsPrincipal user) =>
        new(user.UserId(), user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Auditor));

    public static Viewer Of(Guid userId, IEnumerable<string> roles) =>
        new(userId, roles.Any(r => r is Roles.Supervisor or Roles.Administrator or Roles.Auditor));

    /// <summary>A colleague as a viewer, for deciding whether telling them about a record (a notification) would show it to them.</summary>
    public static async Task<Viewer> OfUserAsync(RapportDbContext db, Guid userId, CancellationToken ct) =>
        Of(userId, await db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync(ct));
}
