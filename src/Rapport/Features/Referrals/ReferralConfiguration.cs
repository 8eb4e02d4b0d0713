using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Identity;
using Rapport.Features.Teams;

namespace Rapport.Features.Referrals;

public sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.ToTable("referrals");
        b.Property(r => r.FromName).HasMaxLength(200);
        b.Property(r => r.ToName).HasMaxLength(200);
        b.Property(r => r.Reason).HasMaxLength(Referral.ReasonMaxLength);
        b.Property(r => r.CustomerMessage).HasMaxLength(Referral.CustomerMessageMaxLength);
        b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.DecidedByName).HasMaxLength(200);
        b.Property(r => r.DecisionReason).HasMaxLength(Referral.ReasonMaxLength);
        b.HasOne<Case>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Conversation>().WithMany().HasForeignKey(r => r.ConversationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(r => r.ToUserId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Team>().WithMany().HasForeignKey(r => r.ToTeamId).OnDelete(DeleteBehavior.SetNull);

        // The chain of a case or conversation, oldest first; and at most one pending referral for each at a time.
        b.HasIndex(r => new { r.CaseId, r.CreatedAt }).HasDatabaseName("ix_referrals_by_case");
        b.HasIndex(r => new { r.ConversationId, r.CreatedAt }).HasDatabaseName("ix_referrals_by_conversation");
        b.HasIndex(r => r.CaseId).IsUnique().HasFilter("\"Status\" = 'Pending'").HasDatabaseName("ux_referrals_pending_by_case");
        b.HasIndex(r => r.ConversationId).IsUnique().HasFilter("\"Status\" = 'Pending'").HasDatabaseName("ux_referrals_pending_by_conversation");
        // "Referred to me", "to my teams" and "from me" lists, newest first.
        b.HasIndex(r => new { r.ToUserId, r.Status, r.CreatedAt }).HasDatabaseName("ix_referrals_to_user");
        b.HasIndex(r => new { r.ToTeamId, r.Status, r.CreatedAt }).HasDatabaseName("ix_referrals_to_team");
        b.HasIndex(r => new { r.FromUserId, r.CreatedAt }).HasDatabaseName("ix_referrals_from_user");
    }
}
