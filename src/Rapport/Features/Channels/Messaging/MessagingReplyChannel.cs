using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Messaging;

/// <summary>
/// Replies on SMS and the messaging apps: from the account the customer wrote to (else the first enabled account of the
/// channel), to the address they wrote from. WhatsApp allows free-form replies only within 24 hours of the customer's
/// last message; after that only an approved template may be sent (<see cref="WhatsAppTemplates.TemplateReplies"/>), and a free-text reply is refused with the reason.
/// </summary>
public sealed class MessagingReplyChannel(RapportDbContext db, TimeProvider time, WhatsAppTemplates.PendingTemplate template) : IReplyChannel
{
    public const string OutboxKind = "messaging";
    public static readonly TimeSpan WhatsAppWindow = TimeSpan.FromHours(24);

    public bool Serves(Channel channel) => channel is Channel.Sms or Channel.WhatsApp or Channel.Messenger or Channel.Telegram;

    public async Task<ReplyAddress> AddressAsync(ReplyContext context, CancellationToken ct)
    {
        var last = context.Answering;
        var providers = ProvidersOf(last.Channel);
        var all = await db.ChannelAccounts.AsNoTracking().Where(a => providers.Contains(a.Provider)).OrderBy(a => a.Id).ToListAsync(ct);
        if (WroteTo(all, last.To) is { Enabled: false } disabled)
        {
            throw new InvalidInputException("conversationId", Disabled(disabled, last.Channel));
        }

        var accounts = all.Where(a => a.Enabled).ToList();
        var account = WroteTo(accounts, last.To)
            ?? accounts.FirstOrDefault()
            ?? throw new InvalidInputException("conversationId",
                $"No {ChannelName(last.Channel)} account is connected to reply from. An administrator can connect one, or contact the customer on another channel.");
        if (template.Template is { } chosen)
        {
            // An approved template may be sent whenever; it is recorded with the message, in the same transaction.
            if (last.Channel != Channel.WhatsApp)
            {
                throw new InvalidInputException("templateId", $"Templates are WhatsApp's; this conversation is answered by {ChannelName(last.Channel)}.");
            }

            if (chosen.ChannelAccountId != account.Id)
            {
                throw new InvalidInputException("templateId", $"This template is registered for another WhatsApp account than “{account.Name}”, which the reply goes out from.");
            }

            db.Add(template.For(context.ReplyId));
        }
        else if (last.Channel == Channel.WhatsApp && time.GetUtcNow().UtcDateTime - last.At > WhatsAppWindow)
        {
            throw new InvalidInputException("text",
                "More than 24 hours have passed since the customer last wrote on WhatsApp, so WhatsApp accepts only an approved template message now. "
                + "Send one of the account's approved templates instead, or contact the customer on another channel.");
        }

        return new ReplyAddress(OutboxKind, account.Address, last.From);
    }

    public async Task<string?> WarningAsync(Channel channel, string? customerWroteTo, CancellationToken ct)
    {
        var providers = ProvidersOf(channel);
        var all = await db.ChannelAccounts.AsNoTracking().Where(a => providers.Contains(a.Provider)).OrderBy(a => a.Id).ToListAsync(ct);
        if (WroteTo(all, customerWroteTo) is { Enabled: false } disabled)
        {
            return Disabled(disabled, channel);
        }

        var accounts = all.Where(a => a.Enabled).ToList();
        var account = WroteTo(accounts, customerWroteTo) ?? accounts.FirstOrDefault();
        return account?.Health.Status == Health.ChannelStatus.Failing
            ? $"The {ChannelName(channel)} account “{account.Name}” is failing: {account.LastError} A reply sent now may not arrive."
            : null;
    }

    public string? Advice(Channel channel, string draft, DateTime customerLastWroteAt, DateTime now)
    {
        if (channel == Channel.WhatsApp)
        {
            var left = customerLastWroteAt + WhatsAppWindow - now;
            return left <= TimeSpan.Zero
                ? "More than 24 hours since the customer last wrote on WhatsApp: WhatsApp accepts only an approved template message now. Send a template, or contact them on another channel."
                : $"WhatsApp replies are open for {(int)left.TotalHours} h {left.Minutes} min more (24 hours from the customer's last message).";
        }

        if (channel != Channel.Sms)
        {
            return null;
        }

        var length = SmsSegments.Of(draft);
        var encoding = length.Encoding == SmsEncoding.Gsm7 ? "GSM-7" : "Unicode (UCS-2)";
        return $"{length.Units} characters · {length.Segments} SMS · {encoding}, {length.PerSegment} characters per SMS"
            + (length.Encoding == SmsEncoding.Ucs2 ? ". A character outside the GSM alphabet (an emoji, curly quotes) makes every SMS shorter." : "");
    }

    /// <summary>The account the customer wrote to: its address, or (Twilio's WhatsApp) its number prefixed with "whatsapp:".</summary>
    private static ChannelAccount? WroteTo(IEnumerable<ChannelAccount> accounts, string? to) =>
        accounts.FirstOrDefault(a => a.Address == to || (a.Provider == MessagingProvider.Twilio && "whatsapp:" + a.Address == to));

    /// <summary>Why nothing can be sent: replying from another account would reach the customer from an address they never wrote to.</summary>
    private static string Disabled(ChannelAccount account, Channel channel) =>
        $"The {ChannelName(channel)} account “{account.Name}” ({account.Address}) that the customer wrote to is disabled, so Rapport sends nothing on it. "
        + "An administrator can enable it again on the Channels page, or contact the customer on another channel.";

    public static MessagingProvider[] ProvidersOf(Channel channel) => channel switch
    {
        Channel.Sms => [MessagingProvider.Twilio, MessagingProvider.Vonage],
        Channel.WhatsApp => [MessagingProvider.WhatsApp, MessagingProvider.Twilio],
        Channel.Messenger => [MessagingProvider.Messenger],
        Channel.Telegram => [MessagingProvider.Telegram],
        _ => [],
    };

    private static string ChannelName(Channel channel) => channel == Channel.Sms ? "SMS" : channel.ToString();
}
