using System.Threading.RateLimiting;

namespace Rapport.Features.Channels.WebChat;

/// <summary>
/// The visitor API is public, so it is rate-limited: every request per IP address, new visitors per IP address, and
/// messages per visitor (<c>Rapport:WebChat:*</c> to change them, e.g. behind a proxy that gathers many visitors on one
/// address). A refusal is a 429 saying when to try again.
/// </summary>
public sealed class ChatLimits(IConfiguration configuration) : IDisposable
{
    private readonly PartitionedRateLimiter<string> requests = PerMinute(configuration.GetValue("Rapport:WebChat:RequestsPerMinutePerAddress", 600));
    private readonly PartitionedRateLimiter<string> visitors = PerMinute(configuration.GetValue("Rapport:WebChat:NewVisitorsPerMinutePerAddress", 20));
    private readonly PartitionedRateLimiter<string> messages = PerMinute(configuration.GetValue("Rapport:WebChat:MessagesPerMinutePerVisitor", 30));

    public TimeSpan? Request(string address) => Take(requests, address);

    public TimeSpan? NewVisitor(string address) => Take(visitors, address);

    public TimeSpan? Message(Guid visitorId) => Take(messages, visitorId.ToString("N"));

    public void Dispose()
    {
        requests.Dispose();
        visitors.Dispose();
        messages.Dispose();
    }

    /// <summary>Null when allowed; otherwise how long to wait.</summary>
    private static TimeSpan? Take(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(10);
    }

    // A bucket holding a minute's allowance, refilled evenly: a burst up to the allowance, then a steady pace.
    private static PartitionedRateLimiter<string> PerMinute(int perMinute) => PartitionedRateLimiter.Create<string, string>(key =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, perMinute),
            TokensPerPeriod = Math.Max(1, perMinute / 60),
            ReplenishmentPeriod = perMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(60.0 / Math.Max(1, perMinute)),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
}
