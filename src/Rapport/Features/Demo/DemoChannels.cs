using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Email;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Channels.WebChat;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Demo;

/// <summary>
/// The demo organisation's channels: a mailbox and SMS, WhatsApp, Messenger and Telegram accounts whose sends go to the
/// demo's own catchers on 127.0.0.1 (<see cref="DemoCatchers"/>), never to a real provider or customer, and a chat site.
/// They are told apart from real ones by <see cref="Marker"/>: a demo mailbox has it as its IMAP host (it receives nothing),
/// a demo account as its account id.
/// </summary>
public static class DemoChannels
{
    public const string Marker = "rapport-demo.invalid";
    public const string MailboxAddress = "help@harbour-hills.example";
    public const string SmsNumber = "+447700900100";
    public const string WhatsAppNumberId = "100000000000001";
    public const string MessengerPageId = "200000000000002";
    public const string TelegramBot = "harbour_hills_demo_bot";
    public const string ChatSiteName = "harbour-hills.example";

    /// <summary>Until the catchers start and point these at themselves, sends fail rather than go anywhere (port 9 discards).</summary>
    private const string NowhereYet = "http://127.0.0.1:9";

    public static async Task<ChatSite> AddAsync(RapportDbContext db, MailboxSecrets mailboxSecrets, ChannelSecrets channelSecrets, Guid team,
        DateTime now, CancellationToken ct)
    {
        db.Mailboxes.Add(new Mailbox
        {
            Name = "Demo mailbox (replies caught, never sent)",
            Address = MailboxAddress,
            ImapHost = Marker,
            ImapUser = "demo",
            ImapPasswordProtected = mailboxSecrets.Protect("demo"),
            SmtpHost = "127.0.0.1",
            SmtpPort = 9,
            SmtpSecurity = MailSecurity.None,
            SmtpPasswordProtected = mailboxSecrets.Protect(""),
        });
        db.ChannelAccounts.AddRange(
            Account("Demo SMS number (replies caught, never sent)", MessagingProvider.Twilio, SmsNumber),
            Account("Demo WhatsApp (replies caught, never sent)", MessagingProvider.WhatsApp, WhatsAppNumberId),
            Account("Demo Facebook page (replies caught, never sent)", MessagingProvider.Messenger, MessengerPageId),
            Account("Demo Telegram bot (replies caught, never sent)", MessagingProvider.Telegram, TelegramBot));
        var site = new ChatSite { Name = ChatSiteName, AllowedOrigins = "https://harbour-hills.example", TeamId = team, CreatedAt = now };
        db.Add(site);
        await db.SaveChangesAsync(ct);
        return site;

        ChannelAccount Account(string name, MessagingProvider provider, string address) => new()
        {
            Name = name,
            Provider = provider,
            Address = address,
            AccountId = Marker,
            ApiBaseUrl = NowhereYet,
            WebhookSecretProtected = channelSecrets.Protect("demo-webhook-secret"),
            ApiSecretProtected = channelSecrets.Protect("demo-api-secret"),
            VerifyTokenProtected = channelSecrets.Protect("demo-verify-token"),
        };
    }

    /// <summary>
    /// Gives the demo's mailbox and accounts the activity the seeded conversations stand for (last received and last sent on
    /// their channel), so their health reads as channels in use rather than "never used".
    /// </summary>
    public static async Task RecordSeededActivityAsync(RapportDbContext db, CancellationToken ct)
    {
        var activity = await db.Messages.AsNoTracking().Where(m => m.Direction != MessageDirection.Note)
            .GroupBy(m => new { m.Channel, m.Direction }).Select(g => new { g.Key.Channel, g.Key.Direction, Last = g.Max(m => m.At) })
            .ToListAsync(ct);
        DateTime? Last(Channel channel, MessageDirection direction) =>
            activity.FirstOrDefault(a => a.Channel == channel && a.Direction == direction)?.Last;

        foreach (var mailbox in await db.Mailboxes.Where(m => m.ImapHost == Marker).ToListAsync(ct))
        {
            (mailbox.LastReceiveAt, mailbox.LastSendAt) = (Last(Channel.Email, MessageDirection.Inbound), Last(Channel.Email, MessageDirection.Outbound));
        }

        foreach (var account in await db.ChannelAccounts.Where(a => a.AccountId == Marker).ToListAsync(ct))
        {
            var channel = account.Provider switch
            {
                MessagingProvider.Twilio or MessagingProvider.Vonage => Channel.Sms,
                MessagingProvider.WhatsApp => Channel.WhatsApp,
                MessagingProvider.Messenger => Channel.Messenger,
                _ => Channel.Telegram,
            };
            (account.LastReceiveAt, account.LastSendAt) = (Last(channel, MessageDirection.Inbound), Last(channel, MessageDirection.Outbound));
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Whether this database holds the demo's channels (only a demo database does).</summary>
    public static Task<bool> ExistAsync(RapportDbContext db, CancellationToken ct) =>
        db.Mailboxes.AnyAsync(m => m.ImapHost == Marker, ct);

    /// <summary>Points the demo's mailbox and accounts at the catchers, which listen on a new port each start.</summary>
    public static async Task PointAtAsync(RapportDbContext db, int smtpPort, string providerBaseUrl, CancellationToken ct)
    {
        await db.Mailboxes.Where(m => m.ImapHost == Marker).ExecuteUpdateAsync(s => s.SetProperty(m => m.SmtpPort, smtpPort), ct);
        await db.ChannelAccounts.Where(a => a.AccountId == Marker).ExecuteUpdateAsync(s => s.SetProperty(a => a.ApiBaseUrl, providerBaseUrl), ct);
    }
}
