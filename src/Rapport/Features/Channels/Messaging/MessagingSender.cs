using Microsoft.EntityFrameworkCore;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;
using Rapport.Infrastructure.Outbox;

namespace Rapport.Features.Channels.Messaging;

/// <summary>Sends one text message through a provider's API and returns the provider's id for it; tests the connection.</summary>
public interface IProviderClient
{
    MessagingProvider Provider { get; }

    Task<string> SendAsync(ConnectedAccount account, Message message, CancellationToken ct);

    /// <summary>Tries the account's credentials with a harmless read; returns what was found, throws <see cref="ConnectionTestFailedException"/> or an HTTP error.</summary>
    Task<string> TestAsync(ConnectedAccount account, CancellationToken ct);
}

/// <summary>
/// Sends queued SMS and messaging-app replies through the account they come from. The provider's id is kept on the
/// message so its status callbacks (sent, delivered, read, failed) find it; the account's health records each outcome.
/// </summary>
public sealed class MessagingSender(RapportDbContext db, ChannelAccountDirectory directory, IEnumerable<IProviderClient> clients,
    TimeProvider time, ConversationEvents events, WhatsAppTemplates.TemplateSender templates) : IOutboxSender
{
    private Guid? recordedConversation;
    private string? providerId;
    private Guid? accountId;

    public string Kind => MessagingReplyChannel.OutboxKind;

    public async Task SendAsync(OutboxItem item, CancellationToken ct)
    {
        var message = await db.Messages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == item.SubjectId, ct)
            ?? throw new PermanentDeliveryException("The message to send no longer exists.");
        var providers = MessagingReplyChannel.ProvidersOf(message.Channel);
        var accounts = (await directory.ForAllAsync(ct)).Where(a => providers.Contains(a.Provider)).ToList();
        var account = accounts.FirstOrDefault(a => a.Address == message.From)
            ?? throw new PermanentDeliveryException(await directory.DisabledAsync(providers, message.From, ct) is { } disabled
                ? $"The account “{disabled.Name}” ({disabled.Address}) is disabled: an administrator switched it off, so nothing is sent through it."
                : $"The account {message.From} is no longer connected.");
        accountId = account.Id;
        var client = clients.FirstOrDefault(c => c.Provider == account.Provider)
            ?? throw new PermanentDeliveryException($"Rapport cannot send through {account.Provider}.");
        // A WhatsApp template message goes as the template (its text is the filled body, for the timeline).
        var template = message.Channel != Channel.WhatsApp ? null
            : await db.Set<WhatsAppTemplates.TemplateSend>().AsNoTracking().FirstOrDefaultAsync(t => t.MessageId == message.Id, ct);
        providerId = template is null ? await client.SendAsync(account, message, ct) : await templates.SendAsync(account, message, template, ct);
    }

    /// <summary>A customer cannot unread a second copy: after a crash mid-send a person decides (send again or mark sent).</summary>
    public bool ResendAfterCrash => false;

    public async Task RecordUnconfirmedAsync(OutboxItem item, CancellationToken ct)
    {
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == item.SubjectId, ct);
        if (message is not null)
        {
            recordedConversation = message.ConversationId;
            message.MarkUnconfirmed(time.GetUtcNow().UtcDateTime);
        }
    }

    public async Task RecordOutcomeAsync(OutboxItem item, bool sent, bool willRetry, string? error, CancellationToken ct)
    {
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == item.SubjectId, ct);
        if (message is null)
        {
            return;
        }

        recordedConversation = message.ConversationId;
        var now = time.GetUtcNow().UtcDateTime;
        var account = accountId is { } id ? await db.ChannelAccounts.FirstOrDefaultAsync(a => a.Id == id, ct) : null;
        if (sent)
        {
            if (providerId is not null)
            {
                message.ProviderMessageId = providerId;
            }

            message.MarkSent();
            await Webhooks.WebhookEvents.RaiseAsync(db, Webhooks.WebhookEvents.MessageSent,
                [new { message.Id, message.ConversationId, message.CustomerId, message.Channel, message.At, message.Subject, message.Text }], now, ct);
            if (account is not null)
            {
                account.LastSendAt = now;
            }
        }
        else
        {
            message.MarkAttemptFailed(error ?? "unknown error", willRetry);
            if (account is not null)
            {
                account.Failed(error ?? "unknown error", now);
                await Health.ChannelErrors.CountAsync(db, account.Id, time.GetUtcNow(), ct);
            }
        }
    }

    public void OutcomeCommitted(OutboxItem item)
    {
        if (recordedConversation is { } conversation)
        {
            events.Changed(conversation);
        }
    }
}
