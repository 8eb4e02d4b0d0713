using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Audit;

public sealed class AuditConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_entries");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.ActorId).HasMaxLength(100);
        b.Property(e => e.ActorName).HasMaxLength(200);
        b.Property(e => e.Action).HasMaxLength(100);
        b.Property(e => e.SubjectType).HasMaxLength(50);
        b.Property(e => e.SubjectId).HasMaxLength(100);
        b.Property(e => e.Reason).HasMaxLength(1000);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.HasIndex(e => new { e.SubjectType, e.SubjectId, e.Sequence }).HasDatabaseName("ix_audit_by_subject");
    }
}

public sealed class AuditPendingConfiguration : IEntityTypeConfiguration<AuditPendingEntry>
{
    public void Configure(EntityTypeBuilder<AuditPendingEntry> b)
    {
        b.ToTable("audit_pending");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.ActorId).HasMaxLength(100);
        b.Property(e => e.ActorName).HasMaxLength(200);
        b.Property(e => e.Action).HasMaxLength(100);
        b.Property(e => e.SubjectType).HasMaxLength(50);
        b.Property(e => e.SubjectId).HasMaxLength(100);
        b.Property(e => e.Reason).HasMaxLength(1000);
    }
}
