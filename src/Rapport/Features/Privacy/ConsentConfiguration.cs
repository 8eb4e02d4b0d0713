using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Customers;

namespace Rapport.Features.Privacy;

public sealed class ConsentConfiguration : IEntityTypeConfiguration<ConsentRecord>
{
    public void Configure(EntityTypeBuilder<ConsentRecord> b)
    {
        b.ToTable("consents");
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.Purpose).HasConversion<string>().HasMaxLength(30);
        b.Property(c => c.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Decision).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Basis).HasConversion<string>().HasMaxLength(30);
        b.Property(c => c.Source).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.RecordedByName).HasMaxLength(200);
        b.Property(c => c.Wording).HasMaxLength(ConsentRecord.TextMaxLength);
        b.Property(c => c.Evidence).HasMaxLength(ConsentRecord.TextMaxLength);
        // The ledger of one customer, oldest first; every check and the customer page read it this way.
        b.HasIndex(c => new { c.CustomerId, c.At, c.Id }).HasDatabaseName("ix_consents_by_customer");
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
    }
}
