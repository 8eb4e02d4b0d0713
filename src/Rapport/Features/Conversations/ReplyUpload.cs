using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// A file a person uploaded to send with a reply they have not sent yet (upload first, then name it in the reply, as
/// Zendesk's upload tokens work). Sending the reply turns it into the reply's <see cref="MessageAttachment"/>; one left
/// unsent is removed with its bytes after <see cref="ReplyUploads.KeptFor"/>.
/// </summary>
public sealed class ReplyUpload
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UploadedBy { get; init; }
    [FreeText]
    public required string FileName { get; init; }
    public required string MediaType { get; init; }
    public long Size { get; init; }
    public required string BlobRef { get; init; }
    public DateTime At { get; init; }
}

public sealed class ReplyUploadConfiguration : IEntityTypeConfiguration<ReplyUpload>
{
    public void Configure(EntityTypeBuilder<ReplyUpload> b)
    {
        b.ToTable("reply_uploads");
        b.Property(u => u.FileName).HasMaxLength(MessageAttachment.FileNameMaxLength);
        b.Property(u => u.MediaType).HasMaxLength(255);
        b.Property(u => u.BlobRef).HasMaxLength(300);
        b.HasIndex(u => new { u.UploadedBy, u.At }).HasDatabaseName("ix_reply_uploads_by_uploader");
    }
}

public sealed record UploadView(Guid Id, string FileName, string MediaType, long Size, DateTime ExpiresAt);
