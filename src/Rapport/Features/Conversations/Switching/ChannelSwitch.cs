using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Audit;
using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

/// <summary>
/// A conversation moved to another channel (C7, <c>000 PC8</c>): from then on the agent's replies go out on
/// <see cref="ToChannel"/> — to the contact point <see cref="ContactPointId"/> for email, SMS and phone, else to where the
/// customer last wrote on that channel — until the customer writes again somewhere else. The conversation, its cases and
/// its history stay as they were; nobody has to identify themselves again.
/// </summary>
public sealed class ChannelSwitch : IAudited
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ConversationId { get; init; }
    public Channel FromChannel { get; init; }
    public Channel ToChannel { get; init; }
    /// <summary>The customer's contact point the conversation continues on (email, SMS, phone); null for a channel answered where the customer wrote.</summary>
    public Guid? ContactPointId { get; init; }
    public Guid? ByUserId { get; init; }
    public string ByName { get; init; } = "";
    public DateTime At { get; init; }

    /// <summary>The customer at the time of the switch: the audit trail files the switch under them.</summary>
    public Guid CustomerId { get; init; }

    public string AuditSubjectType => "customer";
    public Guid AuditSubjectId => CustomerId;
    public string AuditEntityName => "channelSwitch";
}

public sealed class ChannelSwitchConfiguration : IEntityTypeConfiguration<ChannelSwitch>
{
    public void Configure(EntityTypeBuilder<ChannelSwitch> b)
    {
        b.ToTable("conversation_channel_switches");
        b.Property(s => s.FromChannel).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.ToChannel).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.ByName).HasMaxLength(200);
        // The customer is the conversation's; it is kept only to file the audit line.
        b.Ignore(s => s.CustomerId);
        b.HasOne<Conversation>().WithMany().HasForeignKey(s => s.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // A reply reads the conversation's latest switch.
        b.HasIndex(s => new { s.ConversationId, s.At }).HasDatabaseName("ix_channel_switches_by_conversation");
    }
}
