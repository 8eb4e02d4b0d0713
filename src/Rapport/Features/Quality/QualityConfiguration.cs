using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Conversations;

namespace Rapport.Features.Quality;

public sealed class ScorecardConfiguration : IEntityTypeConfiguration<Scorecard>
{
    public void Configure(EntityTypeBuilder<Scorecard> b)
    {
        b.ToTable("quality_scorecards");
        b.Property(s => s.Name).HasMaxLength(Scorecard.NameMaxLength);
        b.HasMany(s => s.Items).WithOne().HasForeignKey(i => i.ScorecardId).OnDelete(DeleteBehavior.Cascade);
    }
}

public sealed class ScorecardItemConfiguration : IEntityTypeConfiguration<ScorecardItem>
{
    public void Configure(EntityTypeBuilder<ScorecardItem> b)
    {
        b.ToTable("quality_scorecard_items");
        b.HasIndex(i => new { i.ScorecardId, i.Position }).HasDatabaseName("ix_quality_scorecard_items_in_order");
        b.Property(i => i.Key).HasMaxLength(ScorecardItem.KeyMaxLength);
        b.Property(i => i.Label).HasMaxLength(ScorecardItem.LabelMaxLength);
    }
}

public sealed class ReviewConfiguration : IEntityTypeConfiguration<Review>
{
    public void Configure(EntityTypeBuilder<Review> b)
    {
        b.ToTable("quality_reviews");
        b.Property(r => r.ReviewerName).HasMaxLength(200);
        b.Property(r => r.Origin).HasConversion<string>().HasMaxLength(20);
        b.Property(r => r.Summary).HasMaxLength(Review.TextMaxLength);
        b.HasOne<Scorecard>().WithMany().HasForeignKey(r => r.ScorecardId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Conversation>().WithMany().HasForeignKey(r => r.ConversationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<CalibrationSession>().WithMany().HasForeignKey(r => r.CalibrationId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(r => r.Scores).WithOne().HasForeignKey(s => s.ReviewId).OnDelete(DeleteBehavior.Cascade);
        // An agent's reviews, newest first (their list, and the portfolio's evidence over a date range).
        b.HasIndex(r => new { r.AgentId, r.SubmittedAt }).HasDatabaseName("ix_quality_reviews_by_agent");
        b.HasIndex(r => r.ConversationId).HasDatabaseName("ix_quality_reviews_by_conversation");
        b.HasIndex(r => new { r.CalibrationId, r.ReviewerId }).IsUnique().HasDatabaseName("ux_quality_reviews_one_per_reviewer_per_session")
            .HasFilter("\"CalibrationId\" IS NOT NULL");
    }
}

public sealed class ReviewScoreConfiguration : IEntityTypeConfiguration<ReviewScore>
{
    public void Configure(EntityTypeBuilder<ReviewScore> b)
    {
        b.ToTable("quality_review_scores");
        b.HasKey(s => new { s.ReviewId, s.Key });
        b.Property(s => s.Key).HasMaxLength(ScorecardItem.KeyMaxLength);
        b.Property(s => s.Label).HasMaxLength(ScorecardItem.LabelMaxLength);
        b.Property(s => s.Rating).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Comment).HasMaxLength(Review.TextMaxLength);
    }
}

public sealed class ReviewCommentConfiguration : IEntityTypeConfiguration<ReviewComment>
{
    public void Configure(EntityTypeBuilder<ReviewComment> b)
    {
        b.ToTable("quality_review_comments");
        b.Property(c => c.AuthorName).HasMaxLength(200);
        b.Property(c => c.Text).HasMaxLength(Review.TextMaxLength);
        b.HasOne<Review>().WithMany().HasForeignKey(c => c.ReviewId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(c => new { c.ReviewId, c.At }).HasDatabaseName("ix_quality_review_comments_by_review");
    }
}

public sealed class CalibrationSessionConfiguration : IEntityTypeConfiguration<CalibrationSession>
{
    public void Configure(EntityTypeBuilder<CalibrationSession> b)
    {
        b.ToTable("quality_calibrations");
        b.Property(c => c.Purpose).HasMaxLength(Review.TextMaxLength);
        b.HasOne<Scorecard>().WithMany().HasForeignKey(c => c.ScorecardId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Conversation>().WithMany().HasForeignKey(c => c.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
