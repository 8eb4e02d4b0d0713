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
        AuditColumns.Configure(b);
        b.Property(e => e.ChangesDigest).HasMaxLength(64);
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
        AuditColumns.Configure(b);
    }
}

/// <summary>The columns a pending entry shares with the sealed entry it becomes, sized alike.</summary>
internal static class AuditColumns
{
    public static void Configure<T>(EntityTypeBuilder<T> b) where T : class
    {
        b.Property<string>(nameof(AuditEntry.ActorId)).HasMaxLength(100);
        b.Property<string>(nameof(AuditEntry.ActorName)).HasMaxLength(200);
        b.Property<string>(nameof(AuditEntry.Action)).HasMaxLength(100);
        b.Property<string>(nameof(AuditEntry.SubjectType)).HasMaxLength(50);
        b.Property<string>(nameof(AuditEntry.SubjectId)).HasMaxLength(100);
        b.Property<string?>(nameof(AuditEntry.Reason)).HasMaxLength(1000);
    }
}
