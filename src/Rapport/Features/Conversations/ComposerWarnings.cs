using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>Another way to reach the customer, offered when the usual one is in trouble.</summary>
public sealed record OtherWay(ContactPointType Type, string Value, string? Label, bool Failing);

/// <summary>What the composer says before the agent sends: why the reply may not arrive, and the customer's other contact points.</summary>
public sealed record ComposerWarning(IReadOnlyList<string> Warnings, IReadOnlyList<OtherWay> OtherWays)
{
    public static readonly ComposerWarning None = new([], []);
}

/// <summary>
/// Warns before a reply goes out on a channel that is failing (the channel says so), to an email address that bounces,
/// or to an address whose last message failed, and lists the customer's other contact points (C8).
/// </summary>
public sealed class ComposerWarnings(RapportDbContext db, IEnumerable<IReplyChannel> channels)
{
    public async Task<ComposerWarning> ForAsync(Guid customerId, MessageDto? answering, CancellationToken ct)
    {
        if (answering is null)
        {
            return ComposerWarning.None;
        }

        var warnings = new List<string>();
        if (channels.FirstOrDefault(c => c.Serves(answering.Channel)) is { } channel && await channel.WarningAsync(answering.Channel, answering.To, ct) is { } failing)
        {
            warnings.Add(failing);
        }

        var address = answering.ReplyTo ?? answering.From;
        var points = await db.ContactPoints.AsNoTracking().Where(p => p.CustomerId == customerId).OrderBy(p => p.Type).ThenBy(p => p.Value).ToListAsync(ct);
        var used = points.Where(p => Same(p, address)).ToList();
        if (used.FirstOrDefault(p => p.FailingSince is not null) is { } bounced)
        {
            warnings.Add($"Email to {bounced.Value} bounces: {bounced.FailureReason}");
        }

        var last = await db.Messages.AsNoTracking()
            .Where(m => m.CustomerId == customerId && m.Direction == MessageDirection.Outbound && m.Channel == answering.Channel && m.To == address)
            .OrderByDescending(m => m.At).Select(m => new { m.Delivery, m.DeliveryError }).FirstOrDefaultAsync(ct);
        if (last?.Delivery == DeliveryState.Failed)
        {
            warnings.Add($"The last message to {address} failed: {last.DeliveryError ?? "no reason given"}");
        }

        return warnings.Count == 0 ? ComposerWarning.None
            : new ComposerWarning(warnings, points.Except(used).Select(p => new OtherWay(p.Type, p.Value, p.Label, p.FailingSince is not null)).ToList());
    }

    private static bool Same(ContactPoint point, string address) =>
        string.Equals(point.Normalized, address.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(point.Value, address.Trim(), StringComparison.OrdinalIgnoreCase);
}
