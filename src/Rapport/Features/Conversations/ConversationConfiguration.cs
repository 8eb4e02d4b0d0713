using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

public sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> b)
    {
        b.ToTable("conversations");
        b.Property(c => c.Subject).HasMaxLength(300);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.LastChannel).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.LastMessagePreview).HasMaxLength(200);
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        // Inbox views: newest activity first, by status and by assignee.
        b.HasIndex(c => new { c.Status, c.LastMessageAt }).HasDatabaseName("ix_conversations_inbox");
        b.HasIndex(c => new { c.AssigneeId, c.Status, c.LastMessageAt }).HasDatabaseName("ix_conversations_by_assignee");
        b.HasIndex(c => new { c.CustomerId, c.LastMessageAt }).HasDatabaseName("ix_conversations_by_customer");
        // Dashboards roll up the conversations started on a day (one entry per conversation, not per message).
        b.HasIndex(c => c.CreatedAt).HasDatabaseName("ix_conversations_by_start");
    }
}

public sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> b)
    {
        b.ToTable("messages");
        b.Property(m => m.Direction).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Delivery).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.ProviderMessageId).HasMaxLength(500);
        b.Property(m => m.From).HasMaxLength(ContactPointRules.ValueMaxLength);
        b.Property(m => m.FromName).HasMaxLength(200);
        b.Property(m => m.To).HasMaxLength(500);
        b.Property(m => m.Subject).HasMaxLength(300);
        b.Property(m => m.Text).HasMaxLength(Message.TextMaxLength);
        b.Property(m => m.InReplyTo).HasMaxLength(500);
        b.Property(m => m.References).HasMaxLength(30_000);
        b.Property(m => m.ParseWarning).HasMaxLength(1000);
        b.Property(m => m.RawRef).HasMaxLength(300);
        b.Property(m => m.Classification).HasMaxLength(500);
        b.Property(m => m.ReplyTo).HasMaxLength(ContactPointRules.ValueMaxLength);
        b.Property(m => m.DeliveryError).HasMaxLength(1000);
        b.Property(m => m.DeliveryErrorCode).HasMaxLength(50);
        b.Property(m => m.AuthorName).HasMaxLength(200);
        b.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // Idempotency: a provider's message is stored once per channel, whichever node receives it.
        b.HasIndex(m => new { m.ProviderMessageId, m.Channel }).IsUnique().HasDatabaseName("ux_messages_by_provider_id");
        b.HasIndex(m => new { m.ConversationId, m.At }).HasDatabaseName("ix_messages_by_conversation");
        b.HasIndex(m => new { m.CustomerId, m.At }).HasDatabaseName("ix_messages_by_customer");
    }
}

public sealed class MessageReferenceConfiguration : IEntityTypeConfiguration<MessageReference>
{
    public void Configure(EntityTypeBuilder<MessageReference> b)
    {
        b.ToTable("message_references");
        b.HasKey(r => new { r.MessageId, r.Reference });
        b.Property(r => r.Reference).HasMaxLength(500);
        b.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        // Threading: which conversation names this Message-ID.
        b.HasIndex(r => r.Reference).HasDatabaseName("ix_message_references_by_reference");
    }
}

public sealed class MessageRevisionConfiguration : IEntityTypeConfiguration<MessageRevision>
{
    public void Configure(EntityTypeBuilder<MessageRevision> b)
    {
        b.ToTable("message_revisions");
        b.Property(r => r.Text).HasMaxLength(Message.TextMaxLength);
        b.HasOne<Message>().WithMany().HasForeignKey(r => r.MessageId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(r => new { r.MessageId, r.ReplacedAt });
    }
}

public sealed class SplitPartConfiguration : IEntityTypeConfiguration<SplitPart>
{
    public void Configure(EntityTypeBuilder<SplitPart> b)
    {
        b.ToTable("message_parts");
        b.HasKey(p => new { p.MessageId, p.Index });
        b.Property(p => p.Text).HasMaxLength(Message.TextMaxLength);
        b.HasOne<Message>().WithMany().HasForeignKey(p => p.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
