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

    [Fact]
    public void The_window_and_marks_are_those_of_walking_every_text_element()
    {
        // Letters with combining accents, an emoji (a surrogate pair), CR LF, an apostrophe, a Kelvin sign, markup.
        var text = Gen.String[Gen.Char["ab e\u0301\r\n<&'K\u212Aß😀😀"], 0, 400];
        var terms = Gen.String[Gen.Char["abeß@"], 1, 4].List[1, 3];
        Gen.Select(text, terms).Sample((t, words) =>
        {
            var lower = words.Select(w => w.ToLowerInvariant()).Distinct().ToList();
            return SearchService.Highlight(t, lower) == ByEveryElement(t, lower);
        }, iter: PropertyRuns.Iterations);
    }

    [Theory]
    [InlineData("abc", 1, 1)]
    [InlineData("e\u0301x", 1, 0)]
    [InlineData("a\r\nb", 2, 1)]
    [InlineData("x😀y", 2, 1)]
    [InlineData("ye\u0301\u0301\u0301", 4, 1)]
    public void A_cut_falls_at_the_start_of_the_text_element_it_would_split(string text, int index, int start) =>
        Assert.Equal(start, SearchService.ElementStart(text, index));

    /// <summary>The highlight as first written: every text element of the whole text found, every word tried at each one.</summary>
    private static string ByEveryElement(string text, List<string> terms)
    {
        if (text.Length == 0)
        {
            return "";
        }

        var lower = text.ToLowerInvariant();
        var first = terms.Select(t => lower.IndexOf(t, StringComparison.Ordinal)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var bounds = System.Globalization.StringInfo.ParseCombiningCharacters(text);
        int Boundary(int index) => Array.BinarySearch(bounds, index) is var at && at >= 0 ? bounds[at] : bounds[Math.Max(0, ~at - 1)];
        var start = Boundary(Math.Max(0, first - 60));
        var end = Math.Min(text.Length, start + 200);
        end = end == text.Length ? end : Boundary(end);
        var window = text[start..end].ReplaceLineEndings(" ");
        var output = new System.Text.StringBuilder(start > 0 ? "…" : "");
        var i = 0;
        while (i < window.Length)
        {
            var hit = terms.Where(t => string.Compare(window, i, t, 0, t.Length, StringComparison.OrdinalIgnoreCase) == 0 && (i == 0 || !char.IsLetterOrDigit(window[i - 1])))
                .OrderByDescending(t => t.Length).FirstOrDefault();
            if (hit is null)
            {
                var length = System.Globalization.StringInfo.GetNextTextElementLength(window, i);
                output.Append(WebUtility.HtmlEncode(window.Substring(i, length)));
                i += length;
                continue;
            }

            var stop = i + hit.Length;
            while (stop < window.Length && char.IsLetterOrDigit(window[stop])) stop++;
            output.Append("<mark>").Append(WebUtility.HtmlEncode(window[i..stop])).Append("</mark>");
            i = stop;
        }

        if (end < text.Length) output.Append('…');
        return output.ToString();
    }
}
