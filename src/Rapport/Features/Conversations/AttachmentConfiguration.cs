using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Conversations;

public sealed class AttachmentConfiguration : IEntityTypeConfiguration<MessageAttachment>
{
    public void Configure(EntityTypeBuilder<MessageAttachment> b)
    {
        b.ToTable("attachments");
        b.Property(a => a.FileName).HasMaxLength(MessageAttachment.FileNameMaxLength);
        b.Property(a => a.MediaType).HasMaxLength(255);
        b.Property(a => a.BlobRef).HasMaxLength(300);
        b.Property(a => a.ContentId).HasMaxLength(500);
        b.Property(a => a.NotStoredReason).HasMaxLength(500);
        b.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
        b.Property(a => a.ProviderRef).HasMaxLength(2000);
        b.HasIndex(a => a.MessageId).HasDatabaseName("ix_attachments_by_message");
        b.HasIndex(a => a.FetchPending).HasDatabaseName("ix_attachments_fetch_pending");
    }
}
