using Rapport.Features.Knowledge;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Knowledge;

/// <summary>An article's rules: what it must say, every change a revision with who and why, and when its review is overdue.</summary>
public sealed class KnowledgeRevisionTests
{
    private static readonly DateTime Now = new(2026, 3, 2, 9, 0, 0, DateTimeKind.Utc);
    private static readonly Guid Sam = Guid.CreateVersion7();
    private static readonly Guid Amira = Guid.CreateVersion7();

    private static KnowledgeContent Content(string answer = "Until 2pm for £25.") =>
        KnowledgeContent.Checked("Late checkout", answer, "## Prices", "Room kept", "Not on Saturdays", "Luggage storage", "By 10am", KnowledgeAudience.Customer);

    private static (KnowledgeArticle, KnowledgeRevision) AnArticle() =>
        KnowledgeArticle.Create(Content(), Amira, new DateOnly(2026, 9, 1), Sam, "Sam", null, Now);

    [Fact]
    public void A_new_article_is_revision_one_created_by_its_author()
    {
        var (article, revision) = AnArticle();

        Assert.Equal(1, article.Revision);
        Assert.Equal(1, revision.Number);
        Assert.Equal(Sam, revision.ById);
        Assert.Equal("Created", revision.Reason);
        Assert.Equal("created", revision.Changes);
        Assert.Equal(Amira, article.OwnerId);
        Assert.Equal("Until 2pm for £25.", revision.Answer);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void An_edit_without_a_reason_is_refused_naming_reason(string? reason)
    {
        var (article, _) = AnArticle();

        var e = Assert.Throws<InvalidInputException>(() => article.Update(Content("Until 3pm."), Amira, new DateOnly(2026, 9, 1), Amira, "Amira", reason, Now));

        Assert.Equal("reason", e.Field);
        Assert.Equal("Until 2pm for £25.", article.Answer);
        Assert.Equal(1, article.Revision);
    }

    [Fact]
    public void An_edit_is_a_new_revision_naming_what_changed_who_when_and_why()
    {
        var (article, _) = AnArticle();
        var version = article.Version;
        var later = Now.AddDays(3);

        var revision = article.Update(Content("Until 3pm for £30."), Sam, new DateOnly(2026, 12, 1), Amira, "Amira", "Prices went up in March", later);

        Assert.NotNull(revision);
        Assert.Equal(2, revision.Number);
        Assert.Equal(2, article.Revision);
        Assert.Equal(["answer", "ownerId", "reviewBy"], revision.Changes.Split(','));
        Assert.Equal("Prices went up in March", revision.Reason);
        Assert.Equal(Amira, revision.ById);
        Assert.Equal(later, revision.At);
        Assert.Equal("Until 3pm for £30.", revision.Answer);
        Assert.Equal(Sam, article.OwnerId);
        Assert.NotEqual(version, article.Version);
    }

    [Fact]
    public void An_edit_that_changes_nothing_makes_no_revision()
    {
        var (article, _) = AnArticle();

        Assert.Null(article.Update(Content(), Amira, new DateOnly(2026, 9, 1), Amira, "Amira", "Checked", Now));
        Assert.Equal(1, article.Revision);
    }

    [Fact]
    public void An_archived_article_is_not_edited_nor_archived_again_and_archiving_needs_a_reason()
    {
        var (article, _) = AnArticle();
        Assert.Equal("reason", Assert.Throws<InvalidInputException>(() => article.Archive(Sam, "Sam", " ", Now)).Field);

        var archived = article.Archive(Sam, "Sam", "Service withdrawn", Now);

        Assert.True(archived.Archived);
        Assert.Equal("archived", archived.Changes);
        Assert.Equal("id", Assert.Throws<InvalidInputException>(() => article.Archive(Sam, "Sam", "again", Now)).Field);
        Assert.Equal("id", Assert.Throws<InvalidInputException>(() =>
            article.Update(Content("New"), Amira, new DateOnly(2026, 9, 1), Sam, "Sam", "Too late", Now)).Field);
    }

    [Theory]
    [InlineData(null, "Until 2pm", "title")]
    [InlineData("Late checkout", " ", "answer")]
    public void Title_and_answer_are_required(string? title, string? answer, string field)
    {
        Assert.Equal(field, Assert.Throws<InvalidInputException>(() =>
            KnowledgeContent.Checked(title, answer, null, null, null, null, null, KnowledgeAudience.Customer)).Field);
    }

    [Fact]
    public void An_article_must_say_who_it_is_for_and_a_review_date_already_past_is_refused()
    {
        Assert.Equal("audience", Assert.Throws<InvalidInputException>(() => KnowledgeContent.Checked("T", "A", null, null, null, null, null, null)).Field);
        Assert.Equal("reviewBy", Assert.Throws<InvalidInputException>(() =>
            KnowledgeArticle.Create(Content(), Amira, new DateOnly(2026, 3, 1), Sam, "Sam", null, Now)).Field);
    }

    [Fact]
    public void The_review_is_overdue_from_the_day_after_the_review_date()
    {
        var (article, _) = KnowledgeArticle.Create(Content(), Amira, new DateOnly(2026, 3, 10), Sam, "Sam", null, Now);

        Assert.False(article.ReviewOverdue(new DateTime(2026, 3, 10, 23, 59, 0, DateTimeKind.Utc)));
        Assert.True(article.ReviewOverdue(new DateTime(2026, 3, 11, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void Blank_optional_fields_are_stored_as_absent_and_text_is_trimmed()
    {
        var content = KnowledgeContent.Checked("  Pets  ", " Dogs welcome ", "  ", " ", null, "Kennels", "", KnowledgeAudience.Internal);

        Assert.Equal(("Pets", "Dogs welcome", "", null, null, "Kennels", null), (content.Title, content.Answer, content.Body, content.Includes, content.Limits, content.Alternatives, content.EstimatedTimes));
    }
}
