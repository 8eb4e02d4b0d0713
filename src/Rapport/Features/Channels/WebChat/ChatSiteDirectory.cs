using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// The chat sites, read once and kept for a few seconds: every visitor request checks its site and origin, and a busy
/// site should not cost a query per request for that. A change on this node is seen at once, on another within seconds.
/// </summary>
public sealed class ChatSiteDirectory(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(5);
    private volatile Snapshot? current;

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyDictionary<Guid, ChatSite> Sites);

    public void Changed() => current = null;

    public async Task<ChatSite?> FindAsync(Guid id, CancellationToken ct) => (await SitesAsync(ct)).GetValueOrDefault(id);

    /// <summary>Whether some enabled site lets pages at <paramref name="origin"/> use the chat.</summary>
    public async Task<bool> AnyAllowsAsync(string? origin, CancellationToken ct) => (await SitesAsync(ct)).Values.Any(s => s.Enabled && s.Allows(origin));

    private async Task<IReadOnlyDictionary<Guid, ChatSite>> SitesAsync(CancellationToken ct)
    {
        var snapshot = current;
        if (snapshot is null || time.GetUtcNow() - snapshot.At >= Fresh)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            var sites = await db.ChatSites.AsNoTracking().ToDictionaryAsync(s => s.Id, ct);
            current = snapshot = new Snapshot(time.GetUtcNow(), sites);
        }

        return snapshot.Sites;
    }
}
