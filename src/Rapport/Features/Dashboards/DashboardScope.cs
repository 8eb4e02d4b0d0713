using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Dashboards;

/// <summary>Whose numbers a chart shows: the organisation (both null), a team, an agent, or an agent within a team.</summary>
public sealed record DashboardScope(Guid? TeamId, Guid? AgentId);

/// <summary>
/// Who may see whose numbers. Supervisors, administrators and auditors see the organisation's, every team's (restricted
/// ones too, as they see those teams' records) and every agent's. Anyone else sees their own numbers and those of the
/// teams they belong to — never the organisation's, another agent's or another team's, restricted or not. A team or
/// agent the viewer may not see answers as one that does not exist.
/// </summary>
public sealed class DashboardAccess(RapportDbContext db)
{
    public enum Verdict { Allowed, NoSuchTeam, NoSuchAgent, OrganisationRefused }

    public async Task<Verdict> CheckAsync(DashboardScope scope, Viewer viewer, CancellationToken ct)
    {
        if (scope.TeamId is { } team && !await TeamsOf(viewer).AnyAsync(t => t.Id == team, ct))
        {
            return Verdict.NoSuchTeam;
        }

        if (scope.AgentId is { } agent && !(viewer.SeesAll ? await db.Users.AnyAsync(u => u.Id == agent, ct) : agent == viewer.UserId))
        {
            return Verdict.NoSuchAgent;
        }

        return scope is { TeamId: null, AgentId: null } && !viewer.SeesAll ? Verdict.OrganisationRefused : Verdict.Allowed;
    }

    /// <summary>The teams and agents the viewer may choose, by name.</summary>
    public async Task<DashboardChoicesDto> ChoicesAsync(Viewer viewer, CancellationToken ct)
    {
        var teams = await TeamsOf(viewer).OrderBy(t => t.Name).Select(t => new ChoiceDto(t.Id, t.Name)).ToListAsync(ct);
        var people = db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id
            && db.Roles.Any(r => r.Id == ur.RoleId && (r.Name == Roles.Agent || r.Name == Roles.Supervisor || r.Name == Roles.Administrator))));
        var agents = await (viewer.SeesAll ? people : db.Users.Where(u => u.Id == viewer.UserId))
            .OrderBy(u => u.DisplayName).Select(u => new ChoiceDto(u.Id, u.DisplayName)).ToListAsync(ct);
        return new DashboardChoicesDto(viewer.SeesAll, teams, agents);
    }

    private IQueryable<Rapport.Features.Teams.Team> TeamsOf(Viewer viewer) =>
        viewer.SeesAll ? db.Teams : db.Teams.Where(t => db.TeamMembers.Any(m => m.TeamId == t.Id && m.UserId == viewer.UserId));
}
