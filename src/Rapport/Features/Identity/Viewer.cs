using System.Security.Claims;

namespace Rapport.Features.Identity;

/// <summary>
/// Who is looking, for the visibility rules of records routed to restricted teams (conversations, cases and what hangs
/// off them): supervisors, administrators and auditors see all; anyone else sees what the record's own rule allows.
/// </summary>
public sealed record Viewer(Guid UserId, bool SeesAll)
{
    public static Viewer Of(ClaimsPrincipal user) =>
        new(user.UserId(), user.IsInRole(Roles.Supervisor) || user.IsInRole(Roles.Administrator) || user.IsInRole(Roles.Auditor));
}
