using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Rapport.Features.Identity.TwoFactor;

/// <summary>A role whose people must sign in with an authenticator code (one row per such role; none by default).</summary>
public sealed class TwoFactorRoleRequirement
{
    public required string Role { get; init; }
    public DateTime RequiredSince { get; init; }
}

public sealed class TwoFactorRoleRequirementConfiguration : IEntityTypeConfiguration<TwoFactorRoleRequirement>
{
    public void Configure(EntityTypeBuilder<TwoFactorRoleRequirement> b)
    {
        b.ToTable("two_factor_role_requirements");
        b.HasKey(r => r.Role);
        b.Property(r => r.Role).HasMaxLength(50);
    }
}
