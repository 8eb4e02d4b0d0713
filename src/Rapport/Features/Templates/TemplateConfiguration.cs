using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Templates;

public sealed class TemplateConfiguration : IEntityTypeConfiguration<ReplyTemplate>
{
    public void Configure(EntityTypeBuilder<ReplyTemplate> b)
    {
        b.ToTable("reply_templates");
        b.Property(t => t.Purpose).HasConversion<string>().HasMaxLength(30);
        b.Property(t => t.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(t => t.Language).HasMaxLength(ReplyTemplate.LanguageMaxLength);
        b.Property(t => t.Name).HasMaxLength(ReplyTemplate.NameMaxLength);
        b.Property(t => t.Body).HasMaxLength(ReplyTemplate.BodyMaxLength);
        // Choosing a template reads every template of one purpose; the page lists them by purpose and name.
        b.HasIndex(t => new { t.Purpose, t.Name }).HasDatabaseName("ix_reply_templates_by_purpose");
        b.HasIndex(t => t.Name).IsUnique().HasDatabaseName("ux_reply_templates_name");
        b.HasData(BuiltInTemplates.All);
    }
}
