using Rapport.Features.Identity;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Notifications;

/// <summary>
/// What to tell people: the kind ("mention", "sla.breached", …), the sentence, the page to look at, and when; and, when that
/// page is a list rather than the record itself (approvals), the link of the record it is about, for the visibility rule.
/// </summary>
public sealed record Notice(string Kind, string Text, string Link, DateTime At, string? About = null);

/// <summary>
/// Who may open the pages whose links start with <see cref="LinkPrefix"/> (e.g. "/cases/"), registered by the feature that
/// owns those records, so that the notifier tells nobody about a record they may not see: the text carries its title.
/// </summary>
public interface INoticeAudience
{
    string LinkPrefix { get; }

    Task<bool> MaySeeAsync(Guid recordId, Viewer viewer, CancellationToken ct);
}

/// <summary>
/// The one writer of notifications. Adds them to the caller's unit of work (the caller saves, then calls
/// <see cref="Published"/> so open bells update), with one text rule (longer than the column: cut, ending in "…") and one
/// visibility rule (a user who may not open the linked record is not told about it).
/// </summary>
public sealed class Notifier(RapportDbContext db, NotificationEvents events, IEnumerable<INoticeAudience> audiences)
{
    // One unit of work (a request, a sweep batch) asks about the same colleagues again and again.
    private readonly Dictionary<Guid, Viewer> viewers = [];

    /// <summary>Tells each user once; returns those told, i.e. those who may see the record the notice links to.</summary>
    public async Task<IReadOnlyCollection<Guid>> TellAsync(Notice notice, IEnumerable<Guid> userIds, CancellationToken ct)
    {
        var users = userIds.Distinct().ToList();
        if (users.Count > 0 && Audience(notice.About ?? notice.Link) is var (audience, recordId))
        {
            var allowed = new List<Guid>();
            foreach (var user in users)
            {
                var viewer = await ViewerAsync(user, ct);
                if (viewer.SeesAll || await audience.MaySeeAsync(recordId, viewer, ct))
                {
                    allowed.Add(user);
                }
            }

            users = allowed;
        }

        foreach (var user in users)
        {
            db.Notifications.Add(new Notification { UserId = user, Kind = notice.Kind, Text = Fit(notice.Text), Link = notice.Link, CreatedAt = notice.At });
        }

        return users;
    }

    /// <summary>After the caller saved: the bells of these users update, on this node and the others.</summary>
    public void Published(IReadOnlyCollection<Guid> userIds) => events.Published(userIds);

    /// <summary>Demo data: written as the notifier would, for a record the seed knows its people may see.</summary>
    public static void Seed(RapportDbContext db, Notice notice, Guid userId) =>
        db.Notifications.Add(new Notification { UserId = userId, Kind = notice.Kind, Text = Fit(notice.Text), Link = notice.Link, CreatedAt = notice.At });

    public static string Fit(string text) =>
        text.Length <= Notification.TextMaxLength ? text : string.Concat(text.AsSpan(0, Notification.TextMaxLength - 1), "…");

    private async Task<Viewer> ViewerAsync(Guid userId, CancellationToken ct)
    {
        if (!viewers.TryGetValue(userId, out var viewer))
        {
            viewers[userId] = viewer = await Viewer.OfUserAsync(db, userId, ct);
        }

        return viewer;
    }

    private (INoticeAudience, Guid)? Audience(string link)
    {
        foreach (var audience in audiences)
        {
            if (!link.StartsWith(audience.LinkPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = link.AsSpan(audience.LinkPrefix.Length);
            var end = rest.IndexOfAny("/?#");
            // A link to a record this rule covers that does not name it is a bug, not a notice for everyone.
            return Guid.TryParse(end < 0 ? rest : rest[..end], out var id)
                ? (audience, id)
                : throw new ArgumentException($"The link {link} names no record.", nameof(link));
        }

        return null;
    }
}
