using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Health;

public enum ChannelKind { Mailbox, ChannelAccount }

/// <summary>
/// One mailbox or channel account and whether it works now. Outgoing: <see cref="OutgoingWaiting"/> replies queued or
/// retrying, the earliest <see cref="NextAttemptAt"/> among them, and <see cref="Unconfirmed"/> replies Rapport was
/// sending when it stopped (they wait for an agent to send again or mark sent).
/// </summary>
public sealed record ChannelHealthDto(ChannelKind Kind, Guid Id, string Name, Channel Channel, string Provider, string Address, bool Enabled,
    ChannelStatus Status, DateTime? LastReceiveAt, DateTime? LastSendAt, DateTime? LastConnectedAt, string? LastError, DateTime? LastErrorAt,
    int ErrorsLast24Hours, int OutgoingWaiting = 0, DateTime? NextAttemptAt = null, int Unconfirmed = 0);

/// <summary>The health of every mailbox and channel account, read in four queries whatever their number.</summary>
public sealed class ChannelHealthQueries(RapportDbContext db, TimeProvider time)
{
    public async Task<List<ChannelHealthDto>> AllAsync(CancellationToken ct)
    {
        var errors = await ChannelErrors.Last24HoursAsync(db, time.GetUtcNow(), ct);
        var mailboxes = await db.Mailboxes.AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct);
        var accounts = await db.ChannelAccounts.AsNoTracking().OrderBy(a => a.Name).ToListAsync(ct);
        var outgoing = await OutgoingQueue.ByChannelAsync(db, ct);
        return
        [
            .. mailboxes.Select(m => Outgoing(Of(ChannelKind.Mailbox, m.Id, m.Name, Channel.Email, "IMAP/SMTP", m.Address, m.Enabled, m.Health, errors),
                outgoing.GetValueOrDefault((OutgoingQueue.Mail, m.Address)))),
            .. accounts.Select(a => Outgoing(Of(ChannelKind.ChannelAccount, a.Id, a.Name, a.Channel, a.Provider.ToString(), a.Address, a.Enabled, a.Health, errors),
                outgoing.GetValueOrDefault((OutgoingQueue.Messaging, a.Address)))),
        ];
    }

    private static ChannelHealthDto Outgoing(ChannelHealthDto dto, OutgoingFigures? figures) => figures is null ? dto
        : dto with { OutgoingWaiting = figures.Waiting, NextAttemptAt = figures.NextAttemptAt, Unconfirmed = figures.Unconfirmed };

    private static ChannelHealthDto Of(ChannelKind kind, Guid id, string name, Channel channel, string provider, string address, bool enabled,
        HealthFigures h, Dictionary<Guid, int> errors) =>
        new(kind, id, name, channel, provider, address, enabled, h.StatusWhen(enabled), h.LastReceiveAt, h.LastSendAt, h.LastConnectedAt, h.LastError, h.LastErrorAt,
            errors.GetValueOrDefault(id));
}
