using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Channels.Email;

public sealed class MailboxConfiguration : IEntityTypeConfiguration<Mailbox>
{
    public void Configure(EntityTypeBuilder<Mailbox> b)
    {
        b.ToTable("mailboxes");
        b.Property(m => m.Name).HasMaxLength(100);
        b.Property(m => m.Address).HasMaxLength(320);
        b.Property(m => m.ImapHost).HasMaxLength(255);
        b.Property(m => m.ImapUser).HasMaxLength(320);
        b.Property(m => m.SmtpHost).HasMaxLength(255);
        b.Property(m => m.SmtpUser).HasMaxLength(320);
        b.Property(m => m.ImapSecurity).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.SmtpSecurity).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.ImapPasswordProtected).HasMaxLength(2000);
        b.Property(m => m.SmtpPasswordProtected).HasMaxLength(2000);
        b.Property(m => m.LastError).HasMaxLength(1000);
        b.Ignore(m => m.Health);
        b.Ignore(m => m.Domain);
        b.HasIndex(m => m.Address).IsUnique().HasDatabaseName("ux_mailboxes_by_address");
    }
}
