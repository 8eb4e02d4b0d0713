using System.Net;
using System.Text.RegularExpressions;
using CsCheck;
using Rapport.Features.Search;

namespace Rapport.UnitTests.Search;

/// <summary>Snippets are safe to put into a page as HTML: only the &lt;mark&gt; tags are markup, everything else is escaped.</summary>
public sealed partial class SearchHighlightTests
{
    [GeneratedRegex("</?mark>")]
    private static partial Regex MarkTags();

    [Fact]
    public void Matching_words_are_marked()
    {
        Assert.Equal("I want a <mark>refund</mark> now", SearchService.Highlight("I want a refund now", ["refund"]));
    }

    [Fact]
    public void Matching_ignores_case_and_keeps_the_original_spelling()
    {
        Assert.Equal("<mark>REFUND</mark> or <mark>Refund</mark>", SearchService.Highlight("REFUND or Refund", ["refund"]));
    }

    [Fact]
    public void A_prefix_marks_the_whole_word_it_starts()
    {
        Assert.Equal("two <mark>refunds</mark>", SearchService.Highlight("two refunds", ["ref"]));
    }

    [Fact]
    public void A_term_inside_a_word_is_not_marked()
    {
        Assert.Equal("refund", SearchService.Highlight("refund", ["fund"]));
    }

    [Fact]
    public void Every_term_is_marked()
    {
        Assert.Equal("<mark>late</mark> train, <mark>refund</mark> asked", SearchService.Highlight("late train, refund asked", ["refund", "late"]));
    }

    [Fact]
    public void Html_in_the_text_is_escaped_and_only_the_marks_are_markup()
    {
        var snippet = SearchService.Highlight("<script>alert('refund')</script> & \"quotes\"", ["refund"]);

        Assert.Equal("&lt;script&gt;alert(&#39;<mark>refund</mark>&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;", snippet);
    }

    [Fact]
    public void A_matched_word_containing_markup_characters_is_escaped_inside_the_mark()
    {
        Assert.Equal("<mark>o&amp;</mark>", SearchService.Highlight("o&", ["o&"]));
    }

    [Fact]
    public void A_long_text_is_cut_to_a_window_around_the_first_match()
    {
        var text = new string('a', 500) + " needle " + new string('b', 500);

        var snippet = SearchService.Highlight(text, ["needle"]);

        Assert.StartsWith("…", snippet, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet, StringComparison.Ordinal);
        Assert.Contains("<mark>needle</mark>", snippet, StringComparison.Ordinal);
        Assert.True(snippet.Length < 300);
    }

    [Fact]
    public void Line_breaks_become_spaces()
    {
        Assert.Equal("first <mark>line</mark> second", SearchService.Highlight("first\nline\r\nsecond", ["line"]));
        Assert.DoesNotContain("\n", SearchService.Highlight("a\nb\nc", ["b"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Whatever_the_text_and_terms_only_mark_tags_are_markup_and_the_text_survives_escaping()
    {
        var hostile = Gen.String[Gen.Char["<>&\"' abcRef\n/=ü"], 0, 300];
        var terms = Gen.String[Gen.Char["<>&abcRef"], 1, 5].List[1, 3];
        Gen.Select(hostile, terms).Sample((text, words) =>
        {
            var snippet = SearchService.Highlight(text, words.Select(w => w.ToLowerInvariant()).ToList());
            var plain = MarkTags().Replace(snippet, "");
            var decoded = WebUtility.HtmlDecode(plain).Trim('…');
            return !plain.Contains('<') && !plain.Contains('>') && !plain.Contains('"')
                && text.ReplaceLineEndings(" ").Contains(decoded, StringComparison.Ordinal);
        }, iter: PropertyRuns.Iterations);
    }
}
