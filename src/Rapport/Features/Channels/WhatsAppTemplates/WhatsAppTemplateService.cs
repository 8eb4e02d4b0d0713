using Microsoft.EntityFrameworkCore;
using Rapport.Features.Channels.Messaging;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.WhatsAppTemplates;

public sealed record TemplateOutcome(WhatsAppTemplate? Template, Dictionary<string, string[]> Errors, string? Conflict = null);

/// <summary>Registers and removes an account's approved templates, for the API and the Channels page alike (audited as every admin change).</summary>
public sealed class WhatsAppTemplateService(RapportDbContext db, TimeProvider time)
{
    /// <summary>Null: no such account.</summary>
    public async Task<TemplateOutcome?> CreateAsync(Guid accountId, CreateWhatsAppTemplateRequest request, CancellationToken ct)
    {
        var account = await db.ChannelAccounts.AsNoTracking().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return null;
        }

        var errors = new Dictionary<string, string[]>();
        var name = request.Name.Trim();
        var language = request.Language.Trim();
        var body = request.Body.Trim();
        var contentSid = string.IsNullOrWhiteSpace(request.ContentSid) ? null : request.ContentSid.Trim();
        if (account.Provider is not (MessagingProvider.WhatsApp or MessagingProvider.Twilio))
        {
            errors["id"] = [$"Templates are for WhatsApp senders; “{account.Name}” is a {account.Provider} account."];
        }

        if (!WhatsAppTemplateEndpoints.TemplateName().IsMatch(name))
        {
            errors["name"] = ["A WhatsApp template name is lower-case letters, digits and underscores, as in WhatsApp Manager (e.g. booking_update)."];
        }

        if (!WhatsAppTemplateEndpoints.LanguageCode().IsMatch(language))
        {
            errors["language"] = ["Give WhatsApp's language code, e.g. en, en_US, pt_BR."];
        }

        if (!TemplateBody.NumberedInOrder(body))
        {
            errors["body"] = ["Number the parameters {{1}}, {{2}}, {{3}}… in order, without gaps, as WhatsApp does."];
        }

        if (account.Provider == MessagingProvider.Twilio && contentSid is null)
        {
            errors["contentSid"] = ["A Twilio WhatsApp sender sends Twilio Content templates: give the template's ContentSid (HX…)."];
        }
        else if (contentSid is not null && !WhatsAppTemplateEndpoints.ContentSid().IsMatch(contentSid))
        {
            errors["contentSid"] = ["A ContentSid is HX followed by 32 hexadecimal digits."];
        }

        if (errors.Count > 0)
        {
            return new TemplateOutcome(null, errors);
        }

        if (await db.Set<WhatsAppTemplate>().AnyAsync(t => t.ChannelAccountId == accountId && t.Name == name && t.Language == language, ct))
        {
            return new TemplateOutcome(null, [], $"The template {name} ({language}) is already registered for {account.Name}.");
        }

        var template = new WhatsAppTemplate
        {
            ChannelAccountId = accountId,
            Name = name,
            Language = language,
            Body = body,
            Category = request.Category ?? TemplateCategory.Utility,
            ContentSid = contentSid,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        db.Add(template);
        await db.SaveChangesAsync(ct);
        return new TemplateOutcome(template, []);
    }

    public Task<List<WhatsAppTemplate>> ListAsync(Guid accountId, CancellationToken ct) =>
        db.Set<WhatsAppTemplate>().AsNoTracking().Where(t => t.ChannelAccountId == accountId).OrderBy(t => t.Name).ThenBy(t => t.Language).ToListAsync(ct);

    public async Task<bool> DeleteAsync(Guid accountId, Guid templateId, CancellationToken ct)
    {
        var template = await db.Set<WhatsAppTemplate>().FirstOrDefaultAsync(t => t.Id == templateId && t.ChannelAccountId == accountId, ct);
        if (template is null)
        {
            return false;
        }

        db.Remove(template);
        await db.SaveChangesAsync(ct);
        return true;
    }
}
