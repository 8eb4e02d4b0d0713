using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Authority;
using Rapport.Features.Cases;

namespace Rapport.Features.Complaints;

public sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> b)
    {
        b.ToTable("complaints");
        b.Property(c => c.CustomerWords).HasMaxLength(Complaint.TextMaxLength);
        b.Property(c => c.Expectation).HasMaxLength(Complaint.TextMaxLength);
        b.Property(c => c.Feeling).HasMaxLength(Complaint.ShortMaxLength);
        b.Property(c => c.Cause).HasMaxLength(100);
        b.Property(c => c.ApologyWording).HasMaxLength(Complaint.TextMaxLength);
        b.Property(c => c.ApologyChannel).HasMaxLength(20);
        b.Property(c => c.ApologisedByName).HasMaxLength(200);
        b.Property(c => c.ThanksWording).HasMaxLength(Complaint.TextMaxLength);
        b.Property(c => c.FollowUpWaivedReason).HasMaxLength(Complaint.ShortMaxLength);
        // Two agents recording the same step at once: the second save finds another version and is refused (412).
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<Case>().WithMany().HasForeignKey(c => c.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => c.CaseId).IsUnique().HasDatabaseName("ux_complaints_by_case");
        // Dashboards roll up the complaints started on a day.
        b.HasIndex(c => c.StartedAt).HasDatabaseName("ix_complaints_by_start");
    }
}

public sealed class ComplaintAlternativeConfiguration : IEntityTypeConfiguration<ComplaintAlternative>
{
    public void Configure(EntityTypeBuilder<ComplaintAlternative> b)
    {
        b.ToTable("complaint_alternatives");
        b.Ignore(a => a.HasOffer);
        foreach (var text in new[] { nameof(ComplaintAlternative.Description), nameof(ComplaintAlternative.CustomerCost), nameof(ComplaintAlternative.CustomerBenefit),
            nameof(ComplaintAlternative.OrganisationCost), nameof(ComplaintAlternative.OrganisationBenefit) })
        {
            b.Property(text).HasMaxLength(Complaint.ShortMaxLength);
        }

        b.Property(a => a.OfferType).HasConversion<string>().HasMaxLength(30);
        b.Property(a => a.OfferAmount).HasPrecision(18, 4);
        b.Property(a => a.OfferCurrency).HasMaxLength(3);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.HasOne<Complaint>().WithMany().HasForeignKey(a => a.ComplaintId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CaseAction>().WithMany().HasForeignKey(a => a.CaseActionId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(a => new { a.ComplaintId, a.ProposedAt }).HasDatabaseName("ix_complaint_alternatives_by_complaint");
    }
}

public sealed class ComplaintDisagreementConfiguration : IEntityTypeConfiguration<ComplaintDisagreement>
{
    public void Configure(EntityTypeBuilder<ComplaintDisagreement> b)
    {
        b.ToTable("complaint_disagreements");
        b.Property(d => d.Needs).HasMaxLength(Complaint.TextMaxLength);
        b.Property(d => d.Confirmed).HasMaxLength(Complaint.TextMaxLength);
        b.Property(d => d.WhyNotMet).HasMaxLength(Complaint.TextMaxLength);
        b.Property(d => d.Escalation).HasMaxLength(Complaint.TextMaxLength);
        b.Property(d => d.RecordedByName).HasMaxLength(200);
        b.HasOne<Complaint>().WithMany().HasForeignKey(d => d.ComplaintId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(d => new { d.ComplaintId, d.RecordedAt }).HasDatabaseName("ix_complaint_disagreements_by_complaint");
    }
}
