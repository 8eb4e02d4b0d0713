using Rapport.Features.Knowledge;

namespace Rapport.UnitTests.Knowledge;

/// <summary>An article's Markdown becomes HTML that cannot run script or send a reader to a javascript: or data: URL.</summary>
public sealed class KnowledgeMarkdownTests
{
    [Fact]
    public void Markdown_becomes_headings_lists_emphasis_tables_and_links()
    {
        var html = KnowledgeMarkdown.ToSafeHtml("## Prices\n\n- **2pm**: £25\n\n| Until | Price |\n|---|---|\n| 6pm | half |\n\nSee [terms](https://example.com/terms).");

        Assert.Contains("<h2", html, StringComparison.Ordinal);
        Assert.Contains("<li><strong>2pm</strong>: £25</li>", html, StringComparison.Ordinal);
        Assert.Contains("<td>6pm</td>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.com/terms\"", html, StringComparison.Ordinal);
        Assert.Contains("rel=\"noopener noreferrer nofollow\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Hello <img src=x onerror=alert(1)>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("<a href=\"javascript:alert(1)\">click</a>")]
    public void Raw_html_is_shown_as_text_never_as_markup(string markdown)
    {
        var html = KnowledgeMarkdown.ToSafeHtml(markdown);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<a ", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;", html, StringComparison.Ordinal); // still visible to the reader, as text
    }

    [Theory]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("[click](JavaScript:alert(document.cookie))")]
    [InlineData("[click](  javascript:alert(1) )")]
    [InlineData("[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("[click](vbscript:msgbox(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("![x](javascript:alert(1))")]
    public void Links_to_script_or_data_urls_lose_their_target(string markdown)
    {
        var html = KnowledgeMarkdown.ToSafeHtml(markdown);

        // The words may remain as text; no attribute may point anywhere but http(s), mailto or tel.
        Assert.Empty(System.Text.RegularExpressions.Regex.Matches(html, @"(href|src)\s*=\s*""(?!https?:|mailto:|tel:)[^""]*""", System.Text.RegularExpressions.RegexOptions.IgnoreCase));
        Assert.DoesNotContain("src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("[mail](mailto:help@example.com)", "mailto:help@example.com")]
    [InlineData("[call](tel:+441234567890)", "tel:+441234567890")]
    [InlineData("https://example.com/a", "https://example.com/a")]
    public void Safe_links_are_kept(string markdown, string href)
    {
        Assert.Contains($"href=\"{href}\"", KnowledgeMarkdown.ToSafeHtml(markdown), StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_body_renders_nothing()
    {
        Assert.Equal("", KnowledgeMarkdown.ToSafeHtml("  "));
        Assert.Equal("", KnowledgeMarkdown.ToSafeHtml(null));
    }
}
