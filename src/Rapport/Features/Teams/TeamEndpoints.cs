using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Teams;

/// <summary>A team and the ids of its members.</summary>
public sealed record TeamDto(Guid Id, string Name, bool Restricted, IReadOnlyList<Guid> MemberIds);

/// <summary>Create a team.</summary>
/// <param name="Name">Unique, e.g. "Complaints".</param>
/// <param name="Restricted">Only members (and supervisors, administrators, auditors) see conversations routed to the team.</param>
public sealed record CreateTeamRequest([property: Required, StringLength(100, MinimumLength = 1), NoControlCharacters] string Name, bool Restricted = false);

/// <summary>Changes whether a team's conversations are restricted to its members.</summary>
public sealed record UpdateTeamRequest([property: Required] bool? Restricted);

/// <summary>Replace a team's members.</summary>
public sealed record SetMembersRequest([property: Required] List<Guid> UserIds);

public static class TeamEndpoints
{
    public static IEndpointRouteBuilder MapTeamEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/teams").WithTags("Teams").RequireAuthorization(Policies.Staff);
        group.MapGet("/", ListTeams);
        group.MapPost("/", CreateTeam).RequireAuthorization(Policies.Administer).Idempotent();
        group.MapPut("/{id}/members", SetMembers).RequireAuthorization(Policies.Administer);
        group.MapPatch("/{id}", UpdateTeam).RequireAuthorization(Policies.Administer);
        return app;
    }

    public static async Task<Ok<List<TeamDto>>> ListTeams(RapportDbContext db, CancellationToken ct)
    {
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        var members = await db.TeamMembers.AsNoTracking().ToListAsync(ct);
        return TypedResults.Ok(teams.Select(t => new TeamDto(t.Id, t.Name, t.Restricted,
            members.Where(m => m.TeamId == t.Id).Select(m => m.UserId).ToList())).ToList());
    }

    public static async Task<Results<Created<TeamDto>, ProblemHttpResult>> CreateTeam(CreateTeamRequest request, RapportDbContext db, CancellationToken ct)
    {
        var name = request.Name.Trim();
        if (await db.Teams.AnyAsync(t => t.Name == name, ct))
        {
            return Problems.Conflict($"A team named '{name}' already exists.");
        }

        var team = new Team { Name = name, Restricted = request.Restricted };
        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/teams/{team.Id}", new TeamDto(team.Id, team.Name, team.Restricted, []));
    }

    public static async Task<Results<Ok<TeamDto>, ValidationProblem, ProblemHttpResult>> SetMembers(Guid id, SetMembersRequest request,
        RapportDbContext db, CancellationToken ct)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return Problems.NotFound("team", id);
        }

        var wanted = request.UserIds.Distinct().ToList();
        var known = await db.Users.Where(u => wanted.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        if (known.Count != wanted.Count)
        {
            return Problems.Invalid("userIds", $"Unknown user id(s): {string.Join(", ", wanted.Except(known))}.");
        }

        var current = await db.TeamMembers.Where(m => m.TeamId == id).ToListAsync(ct);
        db.TeamMembers.RemoveRange(current.Where(m => !wanted.Contains(m.UserId)));
        db.TeamMembers.AddRange(wanted.Where(u => current.All(m => m.UserId != u)).Select(u => new TeamMember { TeamId = id, UserId = u }));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new TeamDto(team.Id, team.Name, team.Restricted, wanted));
    }

    public static async Task<Results<Ok<TeamDto>, ValidationProblem, ProblemHttpResult>> UpdateTeam(Guid id, UpdateTeamRequest request,
        RapportDbContext db, CancellationToken ct)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return Problems.NotFound("team", id);
        }

        team.Restricted = request.Restricted!.Value;
        await db.SaveChangesAsync(ct);
        var members = await db.TeamMembers.Where(m => m.TeamId == id).Select(m => m.UserId).ToListAsync(ct);
        return TypedResults.Ok(new TeamDto(team.Id, team.Name, team.Restricted, members));
    }
}
