using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Identity;

public sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.Hash).HasMaxLength(64);
        b.Property(t => t.Hint).HasMaxLength(8);
        b.Property(t => t.Scope).HasConversion<string>().HasMaxLength(10);
        b.HasIndex(t => t.Hash).IsUnique().HasDatabaseName("ux_api_tokens_by_hash");
        b.HasIndex(t => t.UserId).HasDatabaseName("ix_api_tokens_by_user");
        b.HasOne<AppUser>().WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
