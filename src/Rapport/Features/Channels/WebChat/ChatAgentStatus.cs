using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WebChat;

/// <summary>An agent who set themselves away from chat: they stay signed in, but sites do not count on them to answer.</summary>
public sealed class ChatAgentStatus
{
    public Guid UserId { get; init; }
    public bool Away { get; set; }
    public DateTime ChangedAt { get; set; }
}

public sealed class ChatAgentStatusConfiguration : IEntityTypeConfiguration<ChatAgentStatus>
{
    public void Configure(EntityTypeBuilder<ChatAgentStatus> b)
    {
        b.ToTable("chat_agent_status");
        b.HasKey(s => s.UserId);
    }
}

/// <summary>An agent's own chat availability: whether they are away, and the teams whose chats they answer.</summary>
public sealed class ChatAvailability(RapportDbContext db, TimeProvider time)
{
    public async Task<(bool Away, IReadOnlyList<Guid> Teams)> ForAsync(Guid userId, CancellationToken ct)
    {
        var away = await db.ChatAgentStatuses.AsNoTracking().AnyAsync(s => s.UserId == userId && s.Away, ct);
        var teams = await db.TeamMembers.AsNoTracking().Where(m => m.UserId == userId).Select(m => m.TeamId).ToListAsync(ct);
        return (away, teams);
    }

    public async Task SetAwayAsync(Guid userId, bool away, CancellationToken ct)
    {
        var status = await db.ChatAgentStatuses.FirstOrDefaultAsync(s => s.UserId == userId, ct);
        if (status is null)
        {
            db.ChatAgentStatuses.Add(status = new ChatAgentStatus { UserId = userId });
        }

        status.Away = away;
        status.ChangedAt = time.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }
}
