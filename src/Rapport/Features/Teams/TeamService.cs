using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Teams;

/// <summary>What a change to a team came to: the team as it now is, or why not (unknown team, a name already taken).</summary>
public sealed record TeamChange(TeamDto? Team, bool NotFound = false, string? Conflict = null);

/// <summary>
/// Creating, renaming and restricting teams and choosing their members, for the API and the admin pages alike. Team and
/// membership rows are audited as they change (<see cref="Team"/>, <see cref="TeamMember"/>).
/// </summary>
public sealed class TeamService(RapportDbContext db)
{
    public async Task<List<TeamDto>> ListAsync(CancellationToken ct)
    {
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        var members = await db.TeamMembers.AsNoTracking().ToListAsync(ct);
        return teams.Select(t => new TeamDto(t.Id, t.Name, t.Restricted, members.Where(m => m.TeamId == t.Id).Select(m => m.UserId).ToList())).ToList();
    }

    public async Task<TeamChange> CreateAsync(string name, bool restricted, CancellationToken ct)
    {
        name = Name(name);
        if (await db.Teams.AnyAsync(t => t.Name == name, ct))
        {
            return new TeamChange(null, Conflict: $"A team named '{name}' already exists.");
        }

        var team = new Team { Name = name, Restricted = restricted };
        db.Teams.Add(team);
        await db.SaveChangesAsync(ct);
        return new TeamChange(new TeamDto(team.Id, team.Name, team.Restricted, []));
    }

    /// <summary>Renames the team and/or changes whether only its members see its conversations; null leaves a value as it is.</summary>
    public async Task<TeamChange> UpdateAsync(Guid id, string? name, bool? restricted, CancellationToken ct)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return new TeamChange(null, NotFound: true);
        }

        if (name is not null)
        {
            name = Name(name);
            if (name != team.Name && await db.Teams.AnyAsync(t => t.Name == name && t.Id != id, ct))
            {
                return new TeamChange(null, Conflict: $"A team named '{name}' already exists.");
            }

            team.Name = name;
        }

        team.Restricted = restricted ?? team.Restricted;
        await db.SaveChangesAsync(ct);
        return new TeamChange(await DtoAsync(team, ct));
    }

    /// <summary>Replaces the members; unknown user ids are refused naming <c>userIds</c>.</summary>
    public async Task<TeamChange> SetMembersAsync(Guid id, IEnumerable<Guid> userIds, CancellationToken ct)
    {
        var team = await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (team is null)
        {
            return new TeamChange(null, NotFound: true);
        }

        var wanted = userIds.Distinct().ToList();
        var known = await db.Users.Where(u => wanted.Contains(u.Id)).Select(u => u.Id).ToListAsync(ct);
        if (known.Count != wanted.Count)
        {
            throw new InvalidInputException("userIds", $"Unknown user id(s): {string.Join(", ", wanted.Except(known))}.");
        }

        var current = await db.TeamMembers.Where(m => m.TeamId == id).ToListAsync(ct);
        db.TeamMembers.RemoveRange(current.Where(m => !wanted.Contains(m.UserId)));
        db.TeamMembers.AddRange(wanted.Where(u => current.All(m => m.UserId != u)).Select(u => new TeamMember { TeamId = id, UserId = u }));
        await db.SaveChangesAsync(ct);
        return new TeamChange(new TeamDto(team.Id, team.Name, team.Restricted, wanted));
    }

    /// <summary>Puts a person in a team or takes them out, leaving the other members as they are.</summary>
    public async Task<TeamChange> SetMembershipAsync(Guid id, Guid userId, bool member, CancellationToken ct)
    {
        var current = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == id).Select(m => m.UserId).ToListAsync(ct);
        return await SetMembersAsync(id, member ? current.Append(userId) : current.Where(u => u != userId), ct);
    }

    private static string Name(string name)
    {
        var trimmed = name.Trim();
        return trimmed.Length is > 0 and <= 100
            ? trimmed
            : throw new InvalidInputException("name", "A team's name is 1 to 100 characters.");
    }

    private async Task<TeamDto> DtoAsync(Team team, CancellationToken ct) => new(team.Id, team.Name, team.Restricted,
        await db.TeamMembers.Where(m => m.TeamId == team.Id).Select(m => m.UserId).ToListAsync(ct));
}
