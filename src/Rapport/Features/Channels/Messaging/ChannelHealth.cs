using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Messaging;

/// <summary>
/// Records when each channel account last received, at most once per <see cref="Every"/> per node: a webhook burst must
/// not turn into a write per request on one row.
/// </summary>
public sealed class ChannelHealth(IServiceScopeFactory scopes, TimeProvider time, ILogger<ChannelHealth> log)
{
    public static readonly TimeSpan Every = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> written = new();

    public async Task ReceivedAsync(Guid account, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (written.TryGetValue(account, out var last) && now - last < Every)
        {
            return;
        }

        written[account] = now;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RapportDbContext>();
            var at = now.UtcDateTime;
            await db.ChannelAccounts.Where(a => a.Id == account).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastReceiveAt, at), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning("Could not record that channel account {Account} received: {Error}", account, e.Message);
        }
    }
}
