using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Cases;
using Rapport.Features.Customers;

namespace Rapport.Features.Privacy;

public sealed class RetentionPolicyConfiguration : IEntityTypeConfiguration<RetentionPolicy>
{
    public void Configure(EntityTypeBuilder<RetentionPolicy> b)
    {
        b.ToTable("retention_policy");
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.UpdatedByName).HasMaxLength(200);
        // The one row exists from the start, everything kept forever, so the run lease can be taken with one update.
        b.HasData(new RetentionPolicy());
    }
}

public sealed class RetentionReportConfiguration : IEntityTypeConfiguration<RetentionReport>
{
    public void Configure(EntityTypeBuilder<RetentionReport> b)
    {
        b.ToTable("retention_reports");
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(r => r.Action).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.RanBy).HasMaxLength(200);
        // The admin screen and the API list the newest runs first.
        b.HasIndex(r => new { r.RanAt, r.RunId }).HasDatabaseName("ix_retention_reports_by_time");
    }
}

public sealed class LegalHoldConfiguration : IEntityTypeConfiguration<LegalHold>
{
    public void Configure(EntityTypeBuilder<LegalHold> b)
    {
        b.ToTable("legal_holds");
        b.Property(h => h.Id).ValueGeneratedNever();
        b.Property(h => h.Reason).HasMaxLength(LegalHold.ReasonMaxLength);
        b.Property(h => h.ReleaseReason).HasMaxLength(LegalHold.ReasonMaxLength);
        b.Property(h => h.PlacedByName).HasMaxLength(200);
        b.Property(h => h.ReleasedByName).HasMaxLength(200);
        b.Ignore(h => h.InForce);
        // Retention and erasure ask "is this customer / case held?" on every run and request.
        b.HasIndex(h => h.CustomerId).HasDatabaseName("ix_legal_holds_by_customer");
        b.HasIndex(h => h.CaseId).HasDatabaseName("ix_legal_holds_by_case");
        b.HasOne<Customer>().WithMany().HasForeignKey(h => h.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Case>().WithMany().HasForeignKey(h => h.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
