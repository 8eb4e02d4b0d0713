using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Api.OpenApi;

namespace Rapport.Features.Teams;

/// <summary>A team and the ids of its members.</summary>
public sealed record TeamDto(Guid Id, string Name, bool Restricted, IReadOnlyList<Guid> MemberIds);

/// <summary>Create a team.</summary>
/// <param name="Name">Unique, e.g. "Complaints".</param>
/// <param name="Restricted">Only members (and supervisors, administrators, auditors) see conversations routed to the team.</param>
public sealed record CreateTeamRequest([property: Required, StringLength(100, MinimumLength = 1), NoControlCharacters] string Name, bool Restricted = false);

/// <summary>Renames a team and/or changes whether its conversations are restricted to its members; give at least one.</summary>
/// <param name="Name">The new name, unique.</param>
/// <param name="Restricted">Only members (and supervisors, administrators, auditors) see conversations routed to the team.</param>
public sealed record UpdateTeamRequest(
    bool? Restricted = null,
    [property: StringLength(100, MinimumLength = 1), NoControlCharacters] string? Name = null);

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

    public static async Task<Ok<List<TeamDto>>> ListTeams(TeamService teams, CancellationToken ct) => TypedResults.Ok(await teams.ListAsync(ct));

    public static async Task<Results<Created<TeamDto>, ProblemHttpResult>> CreateTeam(CreateTeamRequest request, TeamService teams, CancellationToken ct)
    {
        var change = await teams.CreateAsync(request.Name, request.Restricted, ct);
        return change.Team is { } team ? TypedResults.Created($"/api/v1/teams/{team.Id}", team) : Answer(change, Guid.Empty);
    }

    public static async Task<Results<Ok<TeamDto>, ValidationProblem, ProblemHttpResult>> SetMembers(Guid id, SetMembersRequest request,
        TeamService teams, CancellationToken ct)
    {
        var change = await teams.SetMembersAsync(id, request.UserIds, ct);
        return change.Team is { } team ? TypedResults.Ok(team) : Answer(change, id);
    }

    public static async Task<Results<Ok<TeamDto>, ValidationProblem, ProblemHttpResult>> UpdateTeam(Guid id, UpdateTeamRequest request,
        TeamService teams, CancellationToken ct)
    {
        if (request.Name is null && request.Restricted is null)
        {
            return Problems.Invalid("restricted", "Give a name or restricted (true or false) to change.");
        }

        var change = await teams.UpdateAsync(id, request.Name, request.Restricted, ct);
        return change.Team is { } team ? TypedResults.Ok(team) : Answer(change, id);
    }

    private static ProblemHttpResult Answer(TeamChange change, Guid id) =>
        change.NotFound ? Problems.NotFound("team", id) : Problems.Conflict(change.Conflict ?? "The team could not be changed.");
}
