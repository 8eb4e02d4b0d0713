using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Conversations;

/// <summary>HTML-only messages become readable text for previews and search.</summary>
public sealed class HtmlTextTests
{
    [Fact]
    public void Block_ends_become_line_breaks_tags_go_and_entities_are_decoded()
    {
        var html = "<p>Dear team,</p><p>the room was <b>cold</b> &amp; noisy.<br>Thanks</p><style>p{color:red}</style><script>alert(1)</script>";

        Assert.Equal("Dear team,\nthe room was cold & noisy.\nThanks", HtmlText.ToPlain(html));
    }

    [Fact]
    public void Runs_of_blank_lines_shrink_to_one()
    {
        Assert.Equal("a\n\nb", HtmlText.ToPlain("a<br><br><br><br>b"));
    }

    [Fact]
    public void Hostile_markup_that_makes_a_backtracking_engine_explode_is_still_converted()
    {
        // Thousands of unclosed script tags: a backtracking lazy match retries from each one to the end of the input.
        var html = string.Concat(Enumerable.Repeat("<script>x <style>y ", 20_000)) + "<p>tail</p>";

        var text = HtmlText.ToPlain(html);

        Assert.EndsWith("tail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<", text, StringComparison.Ordinal);
    }
}
