using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Customers;

public sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> b)
    {
        b.ToTable("customers");
        b.Property(c => c.Name).HasMaxLength(Customer.NameMaxLength);
        b.Property(c => c.NameNormalized).HasMaxLength(Customer.NameMaxLength);
        b.Property(c => c.Organisation).HasMaxLength(200);
        b.Property(c => c.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Version).IsConcurrencyToken();
        // Keyset paging by name (list order) and filters by kind.
        b.HasIndex(c => new { c.NameNormalized, c.Id }).HasDatabaseName("ix_customers_by_name");
        b.HasIndex(c => new { c.Kind, c.NameNormalized, c.Id }).HasDatabaseName("ix_customers_by_kind_name");
        // Partial: only merged-away records. Indexing every NULL let SQLite's planner treat "MergedIntoId IS NULL" as
        // selective and sort the whole table for every list page instead of walking ix_customers_by_name.
        b.HasIndex(c => c.MergedIntoId).HasDatabaseName("ix_customers_by_merged_into").HasFilter("\"MergedIntoId\" IS NOT NULL");

        b.OwnsOne(c => c.Profile, p =>
        {
            p.Property(x => x.PreferredChannel).HasConversion<string>().HasMaxLength(20).HasColumnName("preferred_channel");
            p.Property(x => x.PreferredTimes).HasMaxLength(200).HasColumnName("preferred_times");
            p.Property(x => x.PreferredDays).HasConversion<int>().HasColumnName("preferred_days");
            p.Property(x => x.PreferredFrom).HasColumnName("preferred_from");
            p.Property(x => x.PreferredUntil).HasColumnName("preferred_until");
            p.Property(x => x.Style).HasConversion<string>().HasMaxLength(20).HasColumnName("style");
            p.Property(x => x.Language).HasMaxLength(35).HasColumnName("language");
            p.Property(x => x.TechnicalAwareness).HasConversion<string>().HasMaxLength(20).HasColumnName("technical_awareness");
            p.Property(x => x.NeedsRelayService).HasColumnName("needs_relay_service");
            p.Property(x => x.NeedsTranslator).HasColumnName("needs_translator");
            p.Property(x => x.NeedsLargePrint).HasColumnName("needs_large_print");
            p.Property(x => x.NeedsExtraTime).HasColumnName("needs_extra_time");
            p.Property(x => x.OtherAccessibilityNeeds).HasMaxLength(500).HasColumnName("other_accessibility_needs");
            p.Ignore(x => x.HasAccessibilityNeeds);
        });
        b.Navigation(c => c.Profile).IsRequired();

        b.HasMany(c => c.ContactPoints).WithOne().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.ConfidentialDetails).WithOne().HasForeignKey(d => d.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ContactPointConfiguration : IEntityTypeConfiguration<ContactPoint>
{
    public void Configure(EntityTypeBuilder<ContactPoint> b)
    {
        b.ToTable("contact_points");
        // Ids are made in code (Guid v7), so a new point added to a loaded customer is an insert, not an update of a missing row.
        b.Property(p => p.Id).ValueGeneratedNever();
        b.Property(p => p.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Value).HasMaxLength(ContactPointRules.ValueMaxLength);
        b.Property(p => p.Normalized).HasMaxLength(ContactPointRules.ValueMaxLength);
        b.Property(p => p.Network).HasMaxLength(30);
        b.Property(p => p.Label).HasMaxLength(50);
        b.Property(p => p.FailureReason).HasMaxLength(300);
        // Returning-customer recognition on every channel seeks this index; it must stay flat as data grows.
        b.HasIndex(p => new { p.Normalized, p.Type }).HasDatabaseName("ix_contact_points_lookup");
        // A customer's first email and first phone, as every row of the customer list shows them, read from the index
        // alone (no sort, no table row); it is also the foreign key's index.
        b.HasIndex(p => new { p.CustomerId, p.Type, p.Id, p.Value }).HasDatabaseName("ix_contact_points_by_customer");
    }
}

public sealed class CustomerNoteConfiguration : IEntityTypeConfiguration<CustomerNote>
{
    public void Configure(EntityTypeBuilder<CustomerNote> b)
    {
        b.ToTable("customer_notes");
        b.Property(n => n.Id).ValueGeneratedNever();
        b.Property(n => n.Body).HasMaxLength(10_000);
        b.Property(n => n.AuthorId).HasMaxLength(100);
        b.Property(n => n.AuthorName).HasMaxLength(200);
        b.HasIndex(n => new { n.CustomerId, n.CreatedAt }).HasDatabaseName("ix_customer_notes_by_customer");
    }
}

public sealed class ConfidentialDetailConfiguration : IEntityTypeConfiguration<ConfidentialDetail>
{
    public void Configure(EntityTypeBuilder<ConfidentialDetail> b)
    {
        b.ToTable("confidential_details");
        b.Property(d => d.Id).ValueGeneratedNever();
        b.Property(d => d.Label).HasMaxLength(100);
        b.Property(d => d.Value).HasMaxLength(2_000);
        b.Property(d => d.Level).HasConversion<string>().HasMaxLength(20);
    }
}
