using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Conversations;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Channels.Letters;

/// <summary>
/// What a paper letter has that a message does not. The letter itself is a <see cref="Message"/> on
/// <see cref="Customers.Channel.Letter"/> (inbound: the agent's summary, with the scan as its attachment; outbound: the
/// text to print), so it sits in its conversation and on the customer's timeline like any other message; this row holds
/// the dates, the reference, the address it went to and whether it was posted. One row per letter message.
/// </summary>
public sealed class Letter
{
    public const int ReferenceMaxLength = 100;
    public const int AddressMaxLength = 500;

    /// <summary>The letter's message (the same id).</summary>
    public Guid MessageId { get; init; }
    public Guid ConversationId { get; init; }
    public MessageDirection Direction { get; init; }
    /// <summary>Inbound: the day it arrived in the post.</summary>
    public DateOnly? ReceivedOn { get; init; }
    /// <summary>Inbound: the date written on the letter, when it has one.</summary>
    public DateOnly? DatedOn { get; init; }
    /// <summary>The reference the letter quotes (theirs on an inbound letter, ours on an outbound one).</summary>
    [FreeText]
    public string? Reference { get; init; }
    /// <summary>Outbound: print it in large type (the customer's profile asks for it, or the agent chose it).</summary>
    public bool LargePrint { get; private set; }
    /// <summary>Outbound: the postal address it was posted to, as it was then (the customer's address may change later).</summary>
    [FreeText]
    public string? PostalAddress { get; private set; }
    public DateTime CreatedAt { get; init; }
    public DateTime? PostedAt { get; private set; }
    public Guid? PostedById { get; private set; }
    [FreeText]
    public string? PostedByName { get; private set; }

    public bool Posted => PostedAt is not null;

    public static Letter Received(Guid messageId, Guid conversationId, DateOnly receivedOn, DateOnly? datedOn, string? reference, DateTime now) => new()
    {
        MessageId = messageId,
        ConversationId = conversationId,
        Direction = MessageDirection.Inbound,
        ReceivedOn = receivedOn,
        DatedOn = datedOn,
        Reference = reference,
        CreatedAt = now,
    };

    public static Letter Drafted(Guid messageId, Guid conversationId, bool largePrint, string? reference, DateTime now) => new()
    {
        MessageId = messageId,
        ConversationId = conversationId,
        Direction = MessageDirection.Outbound,
        LargePrint = largePrint,
        Reference = reference,
        CreatedAt = now,
    };

    public void MarkPosted(string postalAddress, Guid byId, string byName, DateTime now)
    {
        PostalAddress = Conversation.Truncate(postalAddress, AddressMaxLength);
        PostedById = byId;
        PostedByName = byName;
        PostedAt = now;
    }
}

public sealed class LetterConfiguration : IEntityTypeConfiguration<Letter>
{
    public void Configure(EntityTypeBuilder<Letter> b)
    {
        b.ToTable("letters");
        b.HasKey(l => l.MessageId);
        b.Property(l => l.Direction).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.Reference).HasMaxLength(Letter.ReferenceMaxLength);
        b.Property(l => l.PostalAddress).HasMaxLength(Letter.AddressMaxLength);
        b.Property(l => l.PostedByName).HasMaxLength(200);
        b.Ignore(l => l.Posted);
        // The letter goes with its message (erasure, retention): the message is the record, this row its details.
        b.HasOne<Message>().WithOne().HasForeignKey<Letter>(l => l.MessageId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(l => l.ConversationId).HasDatabaseName("ix_letters_by_conversation");
    }
}
