using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Health;

public enum ChannelKind { Mailbox, ChannelAccount }

/// <summary>One mailbox or channel account and whether it works now.</summary>
public sealed record ChannelHealthDto(ChannelKind Kind, Guid Id, string Name, Channel Channel, string Provider, string Address, bool Enabled,
    ChannelStatus Status, DateTime? LastReceiveAt, DateTime? LastSendAt, DateTime? LastConnectedAt, string? LastError, DateTime? LastErrorAt,
    int ErrorsLast24Hours);

/// <summary>The health of every mailbox and channel account, read in three queries whatever their number.</summary>
public sealed class ChannelHealthQueries(RapportDbContext db, TimeProvider time)
{
    public async Task<List<ChannelHealthDto>> AllAsync(CancellationToken ct)
    {
        var errors = await ChannelErrors.Last24HoursAsync(db, time.GetUtcNow(), ct);
        var mailboxes = await db.Mailboxes.AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct);
        var accounts = await db.ChannelAccounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
        return
        [
            .. mailboxes.Select(m => Of(ChannelKind.Mailbox, m.Id, m.Name, Channel.Email, "IMAP/SMTP", m.Address, m.Enabled, m.Health, errors)),
            .. accounts.Select(a => Of(ChannelKind.ChannelAccount, a.Id, a.Name, a.Channel, a.Provider.ToString(), a.Address, a.Enabled, a.Health, errors)),
        ];
    }

    private static ChannelHealthDto Of(ChannelKind kind, Guid id, string name, Channel channel, string provider, string address, bool enabled,
        HealthFigures h, Dictionary<Guid, int> errors) =>
        new(kind, id, name, channel, provider, address, enabled, h.StatusWhen(enabled), h.LastReceiveAt, h.LastSendAt, h.LastConnectedAt, h.LastError, h.LastErrorAt,
            errors.GetValueOrDefault(id));
}
