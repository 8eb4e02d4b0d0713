using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Cases;
using Rapport.Features.Identity;

namespace Rapport.Features.Authority;

public sealed class AuthorityLimitConfiguration : IEntityTypeConfiguration<AuthorityLimit>
{
    public void Configure(EntityTypeBuilder<AuthorityLimit> b)
    {
        b.ToTable("authority_limits");
        b.Property(l => l.Role).HasMaxLength(30);
        b.Property(l => l.Holder).HasMaxLength(40);
        b.Property(l => l.Action).HasConversion<string>().HasMaxLength(30);
        b.Property(l => l.Currency).HasMaxLength(3);
        b.Property(l => l.Amount).HasPrecision(18, 4);
        b.HasOne<AppUser>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.Cascade);
        // One limit per holder, action and currency: setting it again changes it.
        b.HasIndex(l => new { l.Holder, l.Action, l.Currency }).IsUnique().HasDatabaseName("ux_authority_limits_by_holder");
    }
}

public sealed class CaseActionConfiguration : IEntityTypeConfiguration<CaseAction>
{
    public void Configure(EntityTypeBuilder<CaseAction> b)
    {
        b.ToTable("case_actions");
        b.Ignore(a => a.What);
        b.Ignore(a => a.WhatInSentence);
        b.Property(a => a.Type).HasConversion<string>().HasMaxLength(30);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Amount).HasPrecision(18, 4);
        b.Property(a => a.Currency).HasMaxLength(3);
        b.Property(a => a.Description).HasMaxLength(CaseAction.TextMaxLength);
        b.Property(a => a.Reason).HasMaxLength(CaseAction.TextMaxLength);
        b.Property(a => a.DecisionReason).HasMaxLength(CaseAction.TextMaxLength);
        b.Property(a => a.RequestedByName).HasMaxLength(200);
        b.Property(a => a.DecidedByName).HasMaxLength(200);
        b.Property(a => a.Outcome).HasMaxLength(CaseAction.TextMaxLength + 200);
        // Approving twice, or approving while another rejects: the second write finds another version and loses (409).
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasOne<Case>().WithMany().HasForeignKey(a => a.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.CaseId, a.RequestedAt }).HasDatabaseName("ix_case_actions_by_case");
        // The approvals queue reads only what is waiting.
        b.HasIndex(a => a.RequestedAt).HasDatabaseName("ix_case_actions_pending").HasFilter("\"Status\" = 'Pending'");
    }
}
