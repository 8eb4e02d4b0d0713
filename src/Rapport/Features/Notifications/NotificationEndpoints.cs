using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Identity;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Notifications;

/// <summary>A notification for the signed-in user.</summary>
public sealed record NotificationDto(Guid Id, string Kind, string Text, string Link, DateTime CreatedAt, DateTime? ReadAt);

/// <summary>The signed-in user's notifications, newest first, and how many are unread.</summary>
public sealed record NotificationListDto(IReadOnlyList<NotificationDto> Items, int Unread);

public static class NotificationEndpoints
{
    public static IEndpointRouteBuilder MapNotificationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/notifications").WithTags("Notifications").RequireAuthorization(Policies.Staff)
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListNotifications);
        group.MapPost("/{id}/read", MarkRead);
        group.MapPost("/read-all", MarkAllRead);
        return app;
    }

    /// <summary>The current user's latest notifications (unread only with <c>unread=true</c>).</summary>
    public static async Task<Results<Ok<NotificationListDto>, ValidationProblem>> ListNotifications(NotificationQueries queries,
        ClaimsPrincipal user, bool? unread, int? limit, CancellationToken ct)
    {
        if (limit is < 1 or > Paging.MaxLimit)
        {
            return Problems.Invalid("limit", $"limit must be between 1 and {Paging.MaxLimit}.");
        }

        return TypedResults.Ok(await queries.ListAsync(user.UserId(), unread ?? false, limit ?? Paging.DefaultLimit, ct));
    }

    /// <summary>Marks one of the current user's notifications read; another user's is not found.</summary>
    public static async Task<Results<Ok<NotificationDto>, ProblemHttpResult>> MarkRead(Guid id, ClaimsPrincipal user,
        NotificationQueries queries, CancellationToken ct) =>
        await queries.MarkReadAsync(user.UserId(), id, ct) is { } read ? TypedResults.Ok(read.ToDto()) : Problems.NotFound("notification", id);

    public static async Task<Ok<NotificationListDto>> MarkAllRead(ClaimsPrincipal user, NotificationQueries queries, CancellationToken ct)
    {
        await queries.MarkAllReadAsync(user.UserId(), ct);
        return TypedResults.Ok(await queries.ListAsync(user.UserId(), false, Paging.DefaultLimit, ct));
    }
}

public sealed class NotificationQueries(RapportDbContext db, TimeProvider time)
{
    public async Task<NotificationListDto> ListAsync(Guid userId, bool unreadOnly, int take, CancellationToken ct)
    {
        var mine = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        var list = await (unreadOnly ? mine.Where(n => n.ReadAt == null) : mine)
            .OrderByDescending(n => n.CreatedAt).ThenByDescending(n => n.Id).Take(take).ToListAsync(ct);
        var unread = await mine.CountAsync(n => n.ReadAt == null, ct);
        return new NotificationListDto(list.Select(n => n.ToDto()).ToList(), unread);
    }

    public Task<int> UnreadCountAsync(Guid userId, CancellationToken ct) =>
        db.Notifications.CountAsync(n => n.UserId == userId && n.ReadAt == null, ct);

    public async Task<Notification?> MarkReadAsync(Guid userId, Guid id, CancellationToken ct)
    {
        var notification = await db.Notifications.FirstOrDefaultAsync(n => n.Id == id && n.UserId == userId, ct);
        if (notification is not null)
        {
            notification.MarkRead(time.GetUtcNow().UtcDateTime);
            await db.SaveChangesAsync(ct);
        }

        return notification;
    }

    public async Task MarkAllReadAsync(Guid userId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var n in await db.Notifications.Where(n => n.UserId == userId && n.ReadAt == null).ToListAsync(ct))
        {
            n.MarkRead(now);
        }

        await db.SaveChangesAsync(ct);
    }
}

public static class NotificationMapping
{
    public static NotificationDto ToDto(this Notification n) => new(n.Id, n.Kind, n.Text, n.Link, n.CreatedAt, n.ReadAt);
}
