using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rapport.Features.Cases;
using Rapport.Features.Identity;

namespace Rapport.Features.Knowledge;

public sealed class KnowledgeArticleConfiguration : IEntityTypeConfiguration<KnowledgeArticle>
{
    public void Configure(EntityTypeBuilder<KnowledgeArticle> b)
    {
        // Full-text search lives beside the table (migration Knowledge): SQLite FTS5 knowledge_fts, PostgreSQL search_vector.
        b.ToTable("knowledge_articles");
        b.Property(a => a.Title).HasMaxLength(KnowledgeContent.TitleMaxLength);
        b.Property(a => a.Answer).HasMaxLength(KnowledgeContent.AnswerMaxLength);
        b.Property(a => a.Body).HasMaxLength(KnowledgeContent.BodyMaxLength);
        b.Property(a => a.Includes).HasMaxLength(KnowledgeContent.FieldMaxLength);
        b.Property(a => a.Limits).HasMaxLength(KnowledgeContent.FieldMaxLength);
        b.Property(a => a.Alternatives).HasMaxLength(KnowledgeContent.FieldMaxLength);
        b.Property(a => a.EstimatedTimes).HasMaxLength(KnowledgeContent.FieldMaxLength);
        b.Property(a => a.Audience).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.Ignore(a => a.Content);
        b.HasOne<AppUser>().WithMany().HasForeignKey(a => a.OwnerId).OnDelete(DeleteBehavior.Restrict);
        // "Overdue reviews for this owner" and the alphabetical list.
        b.HasIndex(a => new { a.OwnerId, a.ReviewBy }).HasDatabaseName("ix_knowledge_articles_owner_review");
        b.HasIndex(a => a.ReviewBy).HasDatabaseName("ix_knowledge_articles_review");
        b.HasIndex(a => a.Title).HasDatabaseName("ix_knowledge_articles_title");
    }
}

public sealed class KnowledgeRevisionConfiguration : IEntityTypeConfiguration<KnowledgeRevision>
{
    public void Configure(EntityTypeBuilder<KnowledgeRevision> b)
    {
        b.ToTable("knowledge_revisions");
        b.Property(r => r.ByName).HasMaxLength(200);
        b.Property(r => r.Reason).HasMaxLength(KnowledgeArticle.ReasonMaxLength);
        b.Property(r => r.Changes).HasMaxLength(400);
        b.Property(r => r.Title).HasMaxLength(KnowledgeContent.TitleMaxLength);
        b.Property(r => r.Answer).HasMaxLength(KnowledgeContent.AnswerMaxLength);
        b.Property(r => r.Body).HasMaxLength(KnowledgeContent.BodyMaxLength);
        b.Property(r => r.Includes).HasMaxLength(KnowledgeContent.FieldMaxLength);
        b.Property(r => r.Limits).HasMaxLength(KnowledgeContent.FieldMaxLength);
        b.Property(r => r.Alternatives).HasMaxLength(KnowledgeContent.FieldMaxLength);
        b.Property(r => r.EstimatedTimes).HasMaxLength(KnowledgeContent.FieldMaxLength);
        b.Property(r => r.Audience).HasConversion<string>().HasMaxLength(20);
        b.HasOne<KnowledgeArticle>().WithMany().HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
        // An article's history in order; two editors saving at once cannot both write revision n.
        b.HasIndex(r => new { r.ArticleId, r.Number }).IsUnique().HasDatabaseName("ux_knowledge_revisions_by_article");
    }
}

public sealed class KnowledgeCaseLinkConfiguration : IEntityTypeConfiguration<KnowledgeCaseLink>
{
    public void Configure(EntityTypeBuilder<KnowledgeCaseLink> b)
    {
        b.ToTable("knowledge_case_links");
        b.HasKey(l => new { l.ArticleId, l.CaseId });
        b.Property(l => l.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(l => l.LinkedByName).HasMaxLength(200);
        b.HasOne<KnowledgeArticle>().WithMany().HasForeignKey(l => l.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Case>().WithMany().HasForeignKey(l => l.CaseId).OnDelete(DeleteBehavior.Cascade);
        // The articles that helped a case, newest first.
        b.HasIndex(l => new { l.CaseId, l.LinkedAt }).HasDatabaseName("ix_knowledge_case_links_by_case");
    }
}
