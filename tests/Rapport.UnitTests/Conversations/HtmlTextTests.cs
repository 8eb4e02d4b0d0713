using System.Net;
using System.Text.RegularExpressions;
using CsCheck;
using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Conversations;

/// <summary>HTML-only messages become readable text for previews and search.</summary>
public sealed partial class HtmlTextTests
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

    [Fact]
    public void Hostile_markup_closed_once_at_the_very_end_loses_everything_up_to_that_closing_tag()
    {
        var html = "<p>head</p>" + string.Concat(Enumerable.Repeat("<script>x <style>y ", 20_000)) + "</script><p>tail</p>";

        Assert.Equal("head\ntail", HtmlText.ToPlain(html));
    }

    [Fact]
    public void Removes_the_same_tags_and_elements_as_the_single_expression_it_replaced()
    {
        // The expressions HtmlText used before (same options): right, but quadratic on unclosed script and style tags. On short inputs it is
        // the reference for what the linear code must produce.
        var pieces = new[]
        {
            "<script>", "<SCRIPT type=x>", "<scripts>", "</script>", "</ScRiPt >", "</script\n>", "</scriptx>", "<style>", "<style media=a>",
            "</style>", "</STYLE\t>", "<p>", "</p>", "<br>", "<div class=a>", "<", ">", "<>", "< >", "x", "y ", "\n", "&amp;", "<b", "script",
        };
        Gen.Int[0, pieces.Length - 1].Array[0, 24].Sample(picked =>
        {
            var html = string.Concat(picked.Select(i => pieces[i]));
            Assert.Equal(Reference(html), HtmlText.ToPlain(html));
        }, iter: PropertyRuns.Iterations);
    }

    private static string Reference(string html)
    {
        var text = ReferenceLineBreaks().Replace(html, "\n");
        text = WebUtility.HtmlDecode(ReferenceTags().Replace(text, ""));
        return ReferenceBlankLines().Replace(text.Replace("\r", "", StringComparison.Ordinal), "\n\n").Trim();
    }

    [GeneratedRegex(@"<(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>", RegexOptions.IgnoreCase | RegexOptions.NonBacktracking)]
    private static partial Regex ReferenceLineBreaks();

    [GeneratedRegex(@"<script\b[^>]*>.*?</script\s*>|<style\b[^>]*>.*?</style\s*>|<[^>]+>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.NonBacktracking)]
    private static partial Regex ReferenceTags();

    [GeneratedRegex(@"\n{3,}", RegexOptions.NonBacktracking)]
    private static partial Regex ReferenceBlankLines();
}
