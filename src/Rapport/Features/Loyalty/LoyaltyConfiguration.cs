using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Customers;

namespace Rapport.Features.Loyalty;

public sealed class BusinessRecordConfiguration : IEntityTypeConfiguration<BusinessRecord>
{
    public void Configure(EntityTypeBuilder<BusinessRecord> b)
    {
        b.ToTable("business_records");
        b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Amount).HasPrecision(18, 4);
        b.Property(r => r.Currency).HasMaxLength(3);
        b.Property(r => r.Description).HasMaxLength(BusinessRecord.DescriptionMaxLength);
        b.Property(r => r.RecordedByName).HasMaxLength(200);
        b.HasOne<Customer>().WithMany().HasForeignKey(r => r.CustomerId).OnDelete(DeleteBehavior.Cascade);
        // A customer's business by date (the panel, the year-on-year factor); the report reads a range of dates.
        b.HasIndex(r => new { r.CustomerId, r.OccurredAt }).HasDatabaseName("ix_business_records_by_customer");
        b.HasIndex(r => r.OccurredAt).HasDatabaseName("ix_business_records_by_date");
    }
}

public sealed class LoyaltyOfferConfiguration : IEntityTypeConfiguration<LoyaltyOffer>
{
    public void Configure(EntityTypeBuilder<LoyaltyOffer> b)
    {
        b.ToTable("loyalty_offers");
        b.Ignore(o => o.CostText);
        b.Property(o => o.Name).HasMaxLength(LoyaltyOffer.NameMaxLength);
        b.Property(o => o.Description).HasMaxLength(LoyaltyOffer.DescriptionMaxLength);
        b.Property(o => o.Action).HasConversion<string>().HasMaxLength(30);
        b.Property(o => o.Cost).HasPrecision(18, 4);
        b.Property(o => o.Currency).HasMaxLength(3);
    }
}

public sealed class LoyaltyActionConfiguration : IEntityTypeConfiguration<LoyaltyAction>
{
    public void Configure(EntityTypeBuilder<LoyaltyAction> b)
    {
        b.ToTable("loyalty_actions");
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Text).HasMaxLength(LoyaltyAction.TextMaxLength);
        b.Property(a => a.Cost).HasPrecision(18, 4);
        b.Property(a => a.Currency).HasMaxLength(3);
        b.Property(a => a.ByName).HasMaxLength(200);
        b.HasOne<Customer>().WithMany().HasForeignKey(a => a.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<LoyaltyOffer>().WithMany().HasForeignKey(a => a.OfferId).OnDelete(DeleteBehavior.Restrict);
        // The timeline and the panel (per customer, newest first), the report (a range), competence evidence (per person).
        b.HasIndex(a => new { a.CustomerId, a.At }).HasDatabaseName("ix_loyalty_actions_by_customer");
        b.HasIndex(a => a.At).HasDatabaseName("ix_loyalty_actions_by_time");
        b.HasIndex(a => new { a.ById, a.Kind, a.At }).HasDatabaseName("ix_loyalty_actions_by_person");
    }
}

public sealed class CustomerLoyaltyConfiguration : IEntityTypeConfiguration<CustomerLoyalty>
{
    public void Configure(EntityTypeBuilder<CustomerLoyalty> b)
    {
        b.ToTable("customer_loyalty");
        b.HasKey(l => l.CustomerId);
        b.Ignore(l => l.FactorList);
        b.Property(l => l.Factors).HasMaxLength(4000);
        b.HasOne<Customer>().WithOne().HasForeignKey<CustomerLoyalty>(l => l.CustomerId).OnDelete(DeleteBehavior.Cascade);
        // The at-risk list: highest score first.
        b.HasIndex(l => new { l.Score, l.CustomerId }).HasDatabaseName("ix_customer_loyalty_by_score");
    }
}

public sealed class LoyaltySettingsConfiguration : IEntityTypeConfiguration<LoyaltySettings>
{
    public void Configure(EntityTypeBuilder<LoyaltySettings> b)
    {
        b.ToTable("loyalty_settings");
        b.Ignore(s => s.Weights);
        b.Property(s => s.Currency).HasMaxLength(3);
        b.Property(s => s.LongStandingValue).HasPrecision(18, 4);
        b.Property(s => s.CostToWinCustomer).HasPrecision(18, 4);
        b.Property(s => s.RetentionSpendPerYear).HasPrecision(18, 4);
    }
}
