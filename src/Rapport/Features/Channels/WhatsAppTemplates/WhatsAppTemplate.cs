using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Audit;

namespace Rapport.Features.Channels.WhatsAppTemplates;

/// <summary>Meta's template categories: what a template is for decides what WhatsApp charges and allows.</summary>
public enum TemplateCategory { Utility, Marketing, Authentication }

/// <summary>
/// A message template WhatsApp approved for one account, registered by an administrator as it stands in WhatsApp
/// Manager: its name, language and body with numbered parameters ({{1}}, {{2}}…). Outside WhatsApp's 24-hour
/// customer-service window it is the only thing an agent may send. For a Twilio WhatsApp sender the template is
/// Twilio's Content template, named by its ContentSid.
/// </summary>
public sealed class WhatsAppTemplate : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ChannelAccountId { get; init; }
    /// <summary>The template's name in WhatsApp Manager (lower case, digits and underscores).</summary>
    public required string Name { get; set; }
    /// <summary>Its language code as WhatsApp names it, e.g. en_US, en, pt_BR.</summary>
    public required string Language { get; set; }
    public TemplateCategory Category { get; set; } = TemplateCategory.Utility;
    /// <summary>The approved body text, parameters as {{1}}, {{2}}…; what the agent sees and what the customer receives once filled.</summary>
    public required string Body { get; set; }
    /// <summary>Twilio's Content template SID (HX…) for a Twilio WhatsApp sender; unused by the Cloud API.</summary>
    public string? ContentSid { get; set; }
    public DateTime CreatedAt { get; init; }

    /// <summary>How many parameters the body has: the highest {{n}} in it.</summary>
    public int ParameterCount => TemplateBody.ParameterCount(Body);

    public string AuditSubjectType => "whatsapp-template";
    public Guid AuditSubjectId => Id;
    public string AuditEntityName => "WhatsApp template";
}

/// <summary>
/// The template a queued WhatsApp message is sent as (its text is the filled body, for the timeline): the sender
/// sends the template's name, language and parameters, not the text.
/// </summary>
public sealed class TemplateSend
{
    public Guid MessageId { get; init; }
    public Guid TemplateId { get; init; }
    public required string Name { get; init; }
    public required string Language { get; init; }
    public string? ContentSid { get; init; }
    /// <summary>The parameters in order, as a JSON array of strings; typed by an agent, so card numbers are masked as in any text.</summary>
    [Infrastructure.Data.FreeText]
    public required string Parameters { get; init; }
}

public sealed class WhatsAppTemplateConfiguration : IEntityTypeConfiguration<WhatsAppTemplate>
{
    public void Configure(EntityTypeBuilder<WhatsAppTemplate> b)
    {
        b.ToTable("whatsapp_templates");
        b.Property(t => t.Name).HasMaxLength(512);
        b.Property(t => t.Language).HasMaxLength(20);
        b.Property(t => t.Category).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Body).HasMaxLength(1024);
        b.Property(t => t.ContentSid).HasMaxLength(34);
        b.Ignore(t => t.ParameterCount);
        b.HasOne<Messaging.ChannelAccount>().WithMany().HasForeignKey(t => t.ChannelAccountId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(t => new { t.ChannelAccountId, t.Name, t.Language }).IsUnique();
    }
}

public sealed class TemplateSendConfiguration : IEntityTypeConfiguration<TemplateSend>
{
    public void Configure(EntityTypeBuilder<TemplateSend> b)
    {
        b.ToTable("whatsapp_template_sends");
        b.HasKey(s => s.MessageId);
        b.Property(s => s.Name).HasMaxLength(512);
        b.Property(s => s.Language).HasMaxLength(20);
        b.Property(s => s.ContentSid).HasMaxLength(34);
        b.Property(s => s.Parameters).HasMaxLength(8000);
        b.HasOne<Conversations.Message>().WithMany().HasForeignKey(s => s.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
