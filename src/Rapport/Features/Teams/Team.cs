using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Audit;
using Rapport.Features.Identity;

namespace Rapport.Features.Teams;

/// <summary>A team of staff (e.g. "Bookings", "Complaints"); work is routed to teams.</summary>
public sealed class Team : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    /// <summary>Only members (and supervisors, administrators, auditors) see the conversations routed to this team.</summary>
    public bool Restricted { get; set; }

    public string AuditSubjectType => "team";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "team";
}

public sealed class TeamMember : IAudited
{
    public Guid TeamId { get; init; }
    public Guid UserId { get; init; }

    public string AuditSubjectType => "team";
    public Guid AuditSubjectId => TeamId;
    public string AuditEntityName => "teamMember";
}

public sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> b)
    {
        b.ToTable("teams");
        b.Property(t => t.Name).HasMaxLength(100);
        b.HasIndex(t => t.Name).IsUnique().HasDatabaseName("ux_teams_by_name");
    }
}

public sealed class TeamMemberConfiguration : IEntityTypeConfiguration<TeamMember>
{
    public void Configure(EntityTypeBuilder<TeamMember> b)
    {
        b.ToTable("team_members");
        b.HasKey(m => new { m.TeamId, m.UserId });
        b.HasOne<Team>().WithMany().HasForeignKey(m => m.TeamId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
