using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Messaging;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WhatsAppTemplates;

/// <summary>
/// The template a reply being queued in this scope is sent as; <see cref="MessagingReplyChannel"/> reads it to let it
/// past the 24-hour window and records it with the message in the same transaction.
/// </summary>
public sealed class PendingTemplate
{
    public WhatsAppTemplate? Template { get; set; }
    public IReadOnlyList<string> Parameters { get; set; } = [];

    /// <summary>The row that tells the sender to send the template rather than the text.</summary>
    public TemplateSend For(Guid messageId) => new()
    {
        MessageId = messageId,
        TemplateId = Template!.Id,
        Name = Template.Name,
        Language = Template.Language,
        ContentSid = Template.ContentSid,
        Parameters = JsonSerializer.Serialize(Parameters),
    };
}

/// <summary>What the composer needs to offer templates: whether free text may still be sent, why not, and the account's templates.</summary>
public sealed record TemplateOffer(bool WindowOpen, DateTime? WindowClosesAt, string Reason, Guid? ChannelAccountId, string? AccountName,
    IReadOnlyList<WhatsAppTemplateDto> Templates);

/// <summary>
/// Sends an approved WhatsApp template on a conversation, through the same reply path as free text (visibility, the
/// account the customer wrote to, the outbox): the message's text is the filled body, so the timeline shows what the
/// customer reads; the sender sends the template itself.
/// </summary>
public sealed class TemplateReplies(RapportDbContext db, ReplyService replies, PendingTemplate pending, TimeProvider time)
{
    public const int MaxParameterLength = 1024;

    public async Task<Message?> SendAsync(Guid conversationId, Guid? templateId, IReadOnlyList<string>? parameters, ClaimsPrincipal user, CancellationToken ct)
    {
        // Whoever may not see the conversation learns nothing about it, not even that the template is wrong.
        if (!await db.Conversations.Where(c => c.Id == conversationId).VisibleTo(db, Identity.Viewer.Of(user)).AnyAsync(ct))
        {
            return null;
        }

        var template = templateId is { } id ? await db.Set<WhatsAppTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) : null;
        if (template is null)
        {
            throw new InvalidInputException("templateId", "Choose one of the WhatsApp account's registered templates.");
        }

        // The template goes out only where the reply would: on WhatsApp (never as an email or SMS with the template's text).
        if ((await replies.AnswerableAsync([conversationId], Channel.None, ct))?.GoesOutOn != Channel.WhatsApp)
        {
            throw new InvalidInputException("templateId", "This conversation is not answered on WhatsApp; templates are for WhatsApp only.");
        }

        var values = (parameters ?? []).Select(p => p?.Trim() ?? "").ToList();
        if (values.Count != template.ParameterCount)
        {
            throw new InvalidInputException("parameters", $"The template “{template.Name}” has {template.ParameterCount} parameter(s); {values.Count} were given.");
        }

        for (var i = 0; i < values.Count; i++)
        {
            // WhatsApp refuses a parameter that is empty, has a new line or tab, or more than four spaces in a row.
            var problem = values[i].Length == 0 ? "is empty"
                : values[i].Length > MaxParameterLength ? $"is longer than {MaxParameterLength} characters"
                : values[i].Contains('\n', StringComparison.Ordinal) || values[i].Contains('\t', StringComparison.Ordinal) ? "has a new line or a tab, which WhatsApp refuses in a parameter"
                : values[i].Contains("     ", StringComparison.Ordinal) ? "has more than four spaces in a row, which WhatsApp refuses"
                : null;
            if (problem is not null)
            {
                throw new InvalidInputException("parameters", $"Parameter {{{{{i + 1}}}}} {problem}.");
            }
        }

        pending.Template = template;
        pending.Parameters = values;
        try
        {
            return await replies.ReplyAsync(conversationId, TemplateBody.Fill(template.Body, values), user, ct);
        }
        finally
        {
            pending.Template = null;
            pending.Parameters = [];
        }
    }

    /// <summary>
    /// The templates for the WhatsApp account the customer wrote to, and whether the 24-hour window is open; null when the
    /// conversation is not on WhatsApp or not visible to <paramref name="viewer"/>.
    /// </summary>
    public async Task<TemplateOffer?> OfferAsync(Guid conversationId, Identity.Viewer viewer, CancellationToken ct)
    {
        if (!await db.Conversations.Where(c => c.Id == conversationId).VisibleTo(db, viewer).AnyAsync(ct))
        {
            return null;
        }

        // The message a reply would answer, as ReplyService picks it.
        if (await replies.AnswerableAsync([conversationId], Channel.None, ct) is not ({ } last, Channel.WhatsApp))
        {
            return null;
        }

        var providers = MessagingReplyChannel.ProvidersOf(Channel.WhatsApp);
        var accounts = await db.ChannelAccounts.AsNoTracking().Where(a => providers.Contains(a.Provider)).OrderBy(a => a.Id).ToListAsync(ct);
        var account = accounts.FirstOrDefault(a => a.Address == last.To || (a.Provider == MessagingProvider.Twilio && "whatsapp:" + a.Address == last.To))
            ?? accounts.FirstOrDefault(a => a.Enabled);
        var closes = last.At + MessagingReplyChannel.WhatsAppWindow;
        var open = time.GetUtcNow().UtcDateTime < closes;
        var templates = account is null ? []
            : await db.Set<WhatsAppTemplate>().AsNoTracking().Where(t => t.ChannelAccountId == account.Id).OrderBy(t => t.Name).ThenBy(t => t.Language).ToListAsync(ct);
        var reason = open
            ? "The customer wrote within the last 24 hours: a free-text reply or a template may be sent."
            : templates.Count > 0
                ? "More than 24 hours have passed since the customer last wrote on WhatsApp, so WhatsApp accepts only an approved template message now: choose one below and fill in its parameters."
                : "More than 24 hours have passed since the customer last wrote on WhatsApp, so WhatsApp accepts only an approved template message now, and no template is registered for this account. An administrator can register one on the Channels page; or contact the customer on another channel.";
        return new TemplateOffer(open, closes, reason, account?.Id, account?.Name, templates.Select(WhatsAppTemplateDto.Of).ToList());
    }
}
