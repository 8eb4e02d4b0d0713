using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Customers;

namespace Rapport.Features.Conversations;

/// <summary>
/// One accepted inbound message in the ingestion journal: written (deduplicated on channel and provider id) before the
/// message is acknowledged, then processed in <see cref="Sequence"/> order — matched, threaded, stored — by
/// <see cref="IngestionProcessor"/>. <see cref="Id"/> is the receipt a caller polls; the outcome columns say what
/// processing made of the message. The payload is dropped once the message is stored.
/// </summary>
public sealed class InboundJournalEntry
{
    public long Sequence { get; set; }
    public Guid Id { get; set; }
    public Channel Channel { get; set; }
    public required string ProviderMessageId { get; set; }
    public string? Payload { get; set; }
    public DateTime ReceivedAt { get; set; }
    public int Attempts { get; set; }
    public DateTime? ProcessedAt { get; set; }
    public JournalOutcome? Outcome { get; set; }
    public Guid? MessageId { get; set; }
    public Guid? ConversationId { get; set; }
    public Guid? CustomerId { get; set; }
    public bool NewCustomer { get; set; }
    public bool NewConversation { get; set; }
    public string? Error { get; set; }

    public IngestResult? ToResult() => Outcome switch
    {
        JournalOutcome.Stored or JournalOutcome.Duplicate => new IngestResult(MessageId!.Value, ConversationId!.Value, CustomerId!.Value,
            Outcome == JournalOutcome.Duplicate, NewCustomer, NewConversation),
        JournalOutcome.Ignored or JournalOutcome.Automatic => new IngestResult(Guid.Empty, Guid.Empty, Guid.Empty, false, false, false, Ignored: true),
        _ => null,
    };
}

/// <summary>
/// What processing made of a journalled message. <see cref="Automatic"/>: machine mail that joined no conversation, kept
/// with its payload for the automatic mail view; <see cref="Ignored"/> is the same from before that view, payload dropped.
/// </summary>
public enum JournalOutcome { Stored, Duplicate, Ignored, Failed, Automatic }

public sealed class InboundJournalConfiguration : IEntityTypeConfiguration<InboundJournalEntry>
{
    public void Configure(EntityTypeBuilder<InboundJournalEntry> b)
    {
        b.ToTable("inbound_journal");
        b.HasKey(j => j.Sequence);
        b.Property(j => j.Sequence).ValueGeneratedOnAdd();
        b.HasIndex(j => j.Id).IsUnique();
        b.Property(j => j.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(j => j.ProviderMessageId).HasMaxLength(500);
        b.Property(j => j.Outcome).HasConversion<string>().HasMaxLength(20);
        b.Property(j => j.Error).HasMaxLength(2000);
        // Idempotency at the door: a provider's message is journalled once per channel, whichever node receives it.
        b.HasIndex(j => new { j.Channel, j.ProviderMessageId }).IsUnique().HasDatabaseName("ux_inbound_journal_by_provider_id");
        // The processor's queue: only what is still to do.
        b.HasIndex(j => j.Sequence).HasFilter("\"ProcessedAt\" IS NULL").HasDatabaseName("ix_inbound_journal_to_process");
    }
}
