using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Infrastructure.Outbox;

public sealed class OutboxConfiguration : IEntityTypeConfiguration<OutboxItem>
{
    public void Configure(EntityTypeBuilder<OutboxItem> b)
    {
        b.ToTable("outbox");
        b.Property(o => o.Kind).HasMaxLength(50);
        b.Property(o => o.Lane).HasMaxLength(100);
        b.Ignore(o => o.LaneKey);
        b.Property(o => o.State).HasConversion<string>().HasMaxLength(20);
        b.Property(o => o.LastError).HasMaxLength(1000);
        // The dispatcher's only query: pending items that are due.
        b.HasIndex(o => new { o.State, o.NextAttemptAt }).HasDatabaseName("ix_outbox_due");
        b.HasIndex(o => o.SubjectId).HasDatabaseName("ix_outbox_by_subject");
    }
}
