using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Email;

/// <summary>What a change to a mailbox came to: the mailbox, or why not (unknown mailbox, an address already connected).</summary>
public sealed record MailboxChange(Mailbox? Mailbox, bool NotFound = false, string? Conflict = null);

/// <summary>
/// Adding, changing, switching off and removing mailboxes, for the API and the Channels page alike. Passwords are
/// encrypted before they are stored and never read back; the poller and watcher pick every change up at once.
/// </summary>
public sealed class MailboxService(RapportDbContext db, MailboxSecrets secrets, MailboxChanges changes)
{
    /// <summary>The mailbox's settings, to edit them; its passwords stay encrypted and are never shown.</summary>
    public Task<Mailbox?> FindAsync(Guid id, CancellationToken ct) => db.Mailboxes.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);

    public async Task<MailboxChange> CreateAsync(CreateMailboxRequest request, CancellationToken ct)
    {
        var address = ContactPointRules.NormalizeEmail(request.Address, "address");
        if (await db.Mailboxes.AnyAsync(m => m.Address == address, ct))
        {
            return new MailboxChange(null, Conflict: $"A mailbox for {address} already exists.");
        }

        var mailbox = new Mailbox
        {
            Name = request.Name.Trim(),
            Address = address,
            ImapHost = request.ImapHost.Trim(),
            ImapPort = request.ImapPort,
            ImapSecurity = request.ImapSecurity,
            ImapUser = request.ImapUser.Trim(),
            ImapPasswordProtected = secrets.Protect(request.ImapPassword),
            SmtpHost = request.SmtpHost.Trim(),
            SmtpPort = request.SmtpPort,
            SmtpSecurity = request.SmtpSecurity,
            SmtpUser = string.IsNullOrWhiteSpace(request.SmtpUser) ? null : request.SmtpUser.Trim(),
            SmtpPasswordProtected = secrets.Protect(request.SmtpPassword),
        };
        db.Mailboxes.Add(mailbox);
        await db.SaveChangesAsync(ct);
        changes.Changed();
        return new MailboxChange(mailbox);
    }

    /// <summary>Changes what is given; a password given replaces the stored one, an absent one keeps it.</summary>
    public async Task<MailboxChange> UpdateAsync(Guid id, UpdateMailboxRequest request, CancellationToken ct)
    {
        var mailbox = await db.Mailboxes.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null)
        {
            return new MailboxChange(null, NotFound: true);
        }

        if (request.Address is not null)
        {
            var address = ContactPointRules.NormalizeEmail(request.Address, "address");
            if (address != mailbox.Address && await db.Mailboxes.AnyAsync(m => m.Address == address && m.Id != id, ct))
            {
                return new MailboxChange(null, Conflict: $"A mailbox for {address} already exists.");
            }

            mailbox.Address = address;
        }

        mailbox.Name = request.Name?.Trim() ?? mailbox.Name;
        mailbox.ImapHost = request.ImapHost?.Trim() ?? mailbox.ImapHost;
        mailbox.ImapPort = request.ImapPort ?? mailbox.ImapPort;
        mailbox.ImapSecurity = request.ImapSecurity ?? mailbox.ImapSecurity;
        mailbox.ImapUser = request.ImapUser?.Trim() ?? mailbox.ImapUser;
        mailbox.SmtpHost = request.SmtpHost?.Trim() ?? mailbox.SmtpHost;
        mailbox.SmtpPort = request.SmtpPort ?? mailbox.SmtpPort;
        mailbox.SmtpSecurity = request.SmtpSecurity ?? mailbox.SmtpSecurity;
        if (request.SmtpUser is not null)
        {
            mailbox.SmtpUser = string.IsNullOrWhiteSpace(request.SmtpUser) ? null : request.SmtpUser.Trim();
        }

        if (!string.IsNullOrEmpty(request.ImapPassword))
        {
            mailbox.ImapPasswordProtected = secrets.Protect(request.ImapPassword);
        }

        if (!string.IsNullOrEmpty(request.SmtpPassword))
        {
            mailbox.SmtpPasswordProtected = secrets.Protect(request.SmtpPassword);
        }

        mailbox.Enabled = request.Enabled ?? mailbox.Enabled;
        await db.SaveChangesAsync(ct);
        changes.Changed();
        return new MailboxChange(mailbox);
    }

    public async Task<bool> DeleteAsync(Guid id, CancellationToken ct)
    {
        var mailbox = await db.Mailboxes.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (mailbox is null)
        {
            return false;
        }

        db.Mailboxes.Remove(mailbox);
        await db.SaveChangesAsync(ct);
        await Health.ChannelErrors.ForgetAsync(db, id, ct);
        changes.Changed();
        return true;
    }
}
