using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.RealTime;

namespace Rapport.Features.Notifications;

/// <summary>Something a member of staff should look at (they were mentioned on a case), until they mark it read.</summary>
public sealed class Notification
{
    public const int TextMaxLength = 500;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    /// <summary>What happened, e.g. "mention".</summary>
    public required string Kind { get; init; }
    [FreeText]
    public required string Text { get; init; }
    /// <summary>Where to look: the page of the record, e.g. /cases/{id}.</summary>
    public required string Link { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? ReadAt { get; private set; }

    public void MarkRead(DateTime now) => ReadAt ??= now;
}

public sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.ToTable("notifications");
        b.Property(n => n.Kind).HasMaxLength(30);
        b.Property(n => n.Text).HasMaxLength(Notification.TextMaxLength);
        b.Property(n => n.Link).HasMaxLength(300);
        b.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        // The bell: a user's notifications newest first, and the count of unread ones.
        b.HasIndex(n => new { n.UserId, n.CreatedAt }).HasDatabaseName("ix_notifications_by_user");
        b.HasIndex(n => new { n.UserId, n.ReadAt }).HasDatabaseName("ix_notifications_unread_by_user");
    }
}

/// <summary>Signal that users have new notifications, so an open bell updates live, on this node and the others.</summary>
public sealed class NotificationEvents
{
    private const string Topic = "notifications";
    // 32 characters and a comma each: well inside one signal.
    private const int UsersPerSignal = 150;

    private readonly ILiveBackplane backplane;

    public NotificationEvents(ILiveBackplane backplane)
    {
        this.backplane = backplane;
        backplane.Received += signal =>
        {
            if (signal.Topic == Topic)
            {
                var users = signal.Payload.Split(',').Select(u => Guid.TryParseExact(u, "N", out var id) ? id : Guid.Empty)
                    .Where(id => id != Guid.Empty).ToList();
                if (users.Count > 0)
                {
                    Notified?.Invoke(users);
                }
            }
        };
    }

    public event Action<IReadOnlyCollection<Guid>>? Notified;

    public void Published(IReadOnlyCollection<Guid> userIds)
    {
        if (userIds.Count == 0)
        {
            return;
        }

        Notified?.Invoke(userIds);
        if (!backplane.Shared)
        {
            return;
        }

        foreach (var chunk in userIds.Chunk(UsersPerSignal))
        {
            backplane.Send(Topic, string.Join(',', chunk.Select(u => u.ToString("N"))));
        }
    }
}
