using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Cases;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;

namespace Rapport.Features.Feedback;

public sealed class FeedbackEntryConfiguration : IEntityTypeConfiguration<FeedbackEntry>
{
    public void Configure(EntityTypeBuilder<FeedbackEntry> b)
    {
        b.ToTable("feedback");
        b.Property(f => f.Source).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.Scale).HasConversion<string>().HasMaxLength(10);
        b.Property(f => f.Rating).HasConversion<string>().HasMaxLength(10);
        b.Property(f => f.Text).HasMaxLength(FeedbackEntry.TextMaxLength);
        b.Property(f => f.RecordedByName).HasMaxLength(200);
        b.HasMany(f => f.Themes).WithOne().HasForeignKey(t => t.FeedbackId).OnDelete(DeleteBehavior.Cascade);
        // Feedback goes with the customer, case or conversation it is about when that is deleted.
        b.HasOne<Customer>().WithMany().HasForeignKey(f => f.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Case>().WithMany().HasForeignKey(f => f.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Conversation>().WithMany().HasForeignKey(f => f.ConversationId).OnDelete(DeleteBehavior.Cascade);
        // The feed: newest first, optionally of one source; and per case, customer and agent for other features (C26–C28).
        b.HasIndex(f => new { f.GivenAt, f.Id }).HasDatabaseName("ix_feedback_by_given");
        b.HasIndex(f => new { f.Source, f.GivenAt }).HasDatabaseName("ix_feedback_by_source");
        b.HasIndex(f => f.CaseId).HasDatabaseName("ix_feedback_by_case");
        b.HasIndex(f => f.CustomerId).HasDatabaseName("ix_feedback_by_customer");
        b.HasIndex(f => new { f.AgentId, f.GivenAt }).HasDatabaseName("ix_feedback_by_agent");
    }
}

public sealed class FeedbackThemeConfiguration : IEntityTypeConfiguration<FeedbackTheme>
{
    public void Configure(EntityTypeBuilder<FeedbackTheme> b)
    {
        b.ToTable("feedback_themes");
        b.HasKey(t => new { t.FeedbackId, t.Theme });
        b.Property(t => t.Theme).HasMaxLength(FeedbackTheme.MaxLength);
        b.HasIndex(t => t.Theme).HasDatabaseName("ix_feedback_themes_by_theme");
    }
}

public sealed class SurveyInvitationConfiguration : IEntityTypeConfiguration<SurveyInvitation>
{
    public void Configure(EntityTypeBuilder<SurveyInvitation> b)
    {
        b.ToTable("survey_invitations");
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(s => s.Channel).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Reason).HasMaxLength(500);
        b.HasOne<Case>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Customer>().WithMany().HasForeignKey(s => s.CustomerId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.Status, s.CreatedAt }).HasDatabaseName("ix_survey_invitations_due");
        b.HasIndex(s => s.CaseId).HasDatabaseName("ix_survey_invitations_by_case");
        // "Surveyed within the quiet period?": the customer's latest sent survey.
        b.HasIndex(s => new { s.CustomerId, s.SentAt }).HasDatabaseName("ix_survey_invitations_by_customer");
    }
}

public sealed class SurveySettingsConfiguration : IEntityTypeConfiguration<SurveySettings>
{
    public void Configure(EntityTypeBuilder<SurveySettings> b)
    {
        b.ToTable("survey_settings");
        b.Property(s => s.Kind).HasConversion<string>().HasMaxLength(10);
    }
}

public sealed class ImprovementIdeaConfiguration : IEntityTypeConfiguration<ImprovementIdea>
{
    public void Configure(EntityTypeBuilder<ImprovementIdea> b)
    {
        b.ToTable("improvement_ideas");
        b.Property(i => i.Title).HasMaxLength(ImprovementIdea.TitleMaxLength);
        b.Property(i => i.Detail).HasMaxLength(ImprovementIdea.DetailMaxLength);
        b.Property(i => i.Outcome).HasMaxLength(ImprovementIdea.DetailMaxLength);
        b.Property(i => i.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(i => i.ProposedByName).HasMaxLength(200);
        b.Property(i => i.AgreedByName).HasMaxLength(200);
        b.Property(i => i.DoneByName).HasMaxLength(200);
        b.HasMany(i => i.Feedback).WithOne().HasForeignKey(l => l.IdeaId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(i => new { i.Status, i.ProposedAt }).HasDatabaseName("ix_improvement_ideas_by_status");
    }
}

public sealed class ImprovementIdeaFeedbackConfiguration : IEntityTypeConfiguration<ImprovementIdeaFeedback>
{
    public void Configure(EntityTypeBuilder<ImprovementIdeaFeedback> b)
    {
        b.ToTable("improvement_idea_feedback");
        b.HasKey(l => new { l.IdeaId, l.FeedbackId });
        b.HasOne<FeedbackEntry>().WithMany().HasForeignKey(l => l.FeedbackId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(l => l.FeedbackId).HasDatabaseName("ix_improvement_idea_feedback_by_feedback");
    }
}
