using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.Features.Identity;

namespace Rapport.Features.Cases;

public sealed class CaseConfiguration : IEntityTypeConfiguration<Case>
{
    public void Configure(EntityTypeBuilder<Case> b)
    {
        b.ToTable("cases");
        b.Ignore(c => c.Reference);
        b.Property(c => c.Kind).HasMaxLength(50);
        b.Property(c => c.Title).HasMaxLength(Case.TitleMaxLength);
        b.Property(c => c.Requirement).HasMaxLength(Case.RequirementMaxLength);
        b.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.Priority).HasConversion<string>().HasMaxLength(20);
        b.Property(c => c.RequirementConfirmedByName).HasMaxLength(200);
        b.Property(c => c.RequirementConfirmedHow).HasMaxLength(200);
        b.Property(c => c.Version).IsConcurrencyToken();
        b.HasOne<Customer>().WithMany().HasForeignKey(c => c.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.SetNull);
        b.HasOne<Rapport.Features.Teams.Team>().WithMany().HasForeignKey(c => c.TeamId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.CaseId).OnDelete(DeleteBehavior.Cascade);

        b.HasIndex(c => c.Number).IsUnique().HasDatabaseName("ux_cases_by_number");
        // List views: newest activity first, by status, owner, team and customer (keyset on UpdatedAt, Id).
        b.HasIndex(c => new { c.Status, c.UpdatedAt, c.Id }).HasDatabaseName("ix_cases_by_status");
        b.HasIndex(c => new { c.OwnerId, c.Status, c.UpdatedAt }).HasDatabaseName("ix_cases_by_owner");
        b.HasIndex(c => new { c.TeamId, c.Status, c.UpdatedAt }).HasDatabaseName("ix_cases_by_team");
        b.HasIndex(c => new { c.CustomerId, c.UpdatedAt }).HasDatabaseName("ix_cases_by_customer");
        // Service-standard clocks (C11) scan only the cases still waiting: for a first response, and for an update.
        b.HasIndex(c => new { c.Priority, c.CreatedAt }).HasDatabaseName("ix_cases_awaiting_first_response")
            .HasFilter("\"FirstResponseAt\" IS NULL");
        b.HasIndex(c => new { c.Status, c.LastCustomerUpdateAt }).HasDatabaseName("ix_cases_by_last_customer_update");
    }
}

public sealed class CaseTagConfiguration : IEntityTypeConfiguration<CaseTag>
{
    public void Configure(EntityTypeBuilder<CaseTag> b)
    {
        b.ToTable("case_tags");
        b.HasKey(t => new { t.CaseId, t.Tag });
        b.Property(t => t.Tag).HasMaxLength(CaseTag.MaxLength);
        b.HasIndex(t => t.Tag).HasDatabaseName("ix_case_tags_by_tag");
    }
}

public sealed class CaseFollowerConfiguration : IEntityTypeConfiguration<CaseFollower>
{
    public void Configure(EntityTypeBuilder<CaseFollower> b)
    {
        b.ToTable("case_followers");
        b.HasKey(f => new { f.CaseId, f.UserId });
        b.HasOne<Case>().WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<AppUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(f => f.UserId).HasDatabaseName("ix_case_followers_by_user");
    }
}

public sealed class CaseConversationConfiguration : IEntityTypeConfiguration<CaseConversation>
{
    public void Configure(EntityTypeBuilder<CaseConversation> b)
    {
        b.ToTable("case_conversations");
        b.HasKey(l => new { l.CaseId, l.ConversationId });
        b.HasOne<Case>().WithMany().HasForeignKey(l => l.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Conversation>().WithMany().HasForeignKey(l => l.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // One case per conversation at a time.
        b.HasIndex(l => l.ConversationId).IsUnique().HasDatabaseName("ux_case_conversations_by_conversation");
    }
}

public sealed class CaseNoteConfiguration : IEntityTypeConfiguration<CaseNote>
{
    public void Configure(EntityTypeBuilder<CaseNote> b)
    {
        b.ToTable("case_notes");
        b.Property(n => n.AuthorName).HasMaxLength(200);
        b.Property(n => n.Text).HasMaxLength(CaseNote.TextMaxLength);
        b.HasOne<Case>().WithMany().HasForeignKey(n => n.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(n => new { n.CaseId, n.At }).HasDatabaseName("ix_case_notes_by_case");
    }
}

public sealed class CaseKindConfiguration : IEntityTypeConfiguration<CaseKind>
{
    public void Configure(EntityTypeBuilder<CaseKind> b)
    {
        b.ToTable("case_kinds");
        b.Property(k => k.Key).HasMaxLength(50);
        b.Property(k => k.Name).HasMaxLength(100);
        b.HasIndex(k => k.Key).IsUnique().HasDatabaseName("ux_case_kinds_by_key");
    }
}
