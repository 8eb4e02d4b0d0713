using Rapport.Infrastructure.RealTime;

namespace Rapport.Features.Identity;

/// <summary>
/// Tells the other nodes what <see cref="ApiTokenCacheInvalidation"/> made this node forget (a revoked token, a disabled
/// or re-roled user), so a disabled person's token stops working on every node at once rather than when each node's
/// entry expires. Signals are hints: one lost while the backplane was down is covered by forgetting everything when
/// listening resumes, and at worst by the entry's <see cref="ApiTokenCache.Lifetime"/>.
/// </summary>
public sealed class ApiTokenCacheSync
{
    private const string Topic = "api-token-cache";
    private const string Everyone = "*";
    // A token hash is 64 characters, a user id 32: a few dozen fit one signal.
    private const int MaxPayload = 6000;

    private readonly ILiveBackplane backplane;

    public ApiTokenCacheSync(ApiTokenCache cache, ILiveBackplane backplane)
    {
        this.backplane = backplane;
        backplane.Received += signal =>
        {
            if (signal.Topic != Topic)
            {
                return;
            }

            foreach (var item in signal.Payload.Split(','))
            {
                if (item == Everyone)
                {
                    cache.ForgetAll();
                }
                else if (item.StartsWith("u:", StringComparison.Ordinal) && Guid.TryParseExact(item[2..], "N", out var userId))
                {
                    cache.ForgetUser(userId);
                }
                else if (item.StartsWith("t:", StringComparison.Ordinal) && item.Length > 2)
                {
                    cache.ForgetToken(item[2..]);
                }
            }
        };
        backplane.Resumed += cache.ForgetAll;
    }

    public void Forgotten(IEnumerable<string> tokenHashes, IEnumerable<Guid> userIds, bool everyone)
    {
        if (!backplane.Shared)
        {
            return;
        }

        var items = everyone ? [Everyone] : tokenHashes.Select(h => "t:" + h).Concat(userIds.Select(u => "u:" + u.ToString("N"))).ToList();
        var batch = new List<string>();
        var length = 0;
        foreach (var item in items)
        {
            if (length + item.Length + 1 > MaxPayload)
            {
                backplane.Send(Topic, string.Join(',', batch));
                batch.Clear();
                length = 0;
            }

            batch.Add(item);
            length += item.Length + 1;
        }

        if (batch.Count > 0)
        {
            backplane.Send(Topic, string.Join(',', batch));
        }
    }
}
