using Rapport.Features.Search;

namespace Rapport.UnitTests.Search;

/// <summary>What a user types becomes plain words: no search-engine syntax reaches FTS5 or tsquery.</summary>
public sealed class SearchTermsTests
{
    [Fact]
    public void Words_are_lower_cased_and_split_on_whitespace()
    {
        Assert.Equal(["refund", "please"], SearchService.Terms("  Refund \t PLEASE "));
    }

    [Fact]
    public void Punctuation_either_engine_reads_as_syntax_is_removed()
    {
        Assert.Equal(["card", "or", "x", "near"], SearchService.Terms("\"card\" OR (x*) NEAR:"));
        Assert.Equal(["dont"], SearchService.Terms("don't"));
    }

    [Fact]
    public void Email_addresses_and_hyphenated_words_stay_whole()
    {
        Assert.Equal(["ann@example.com", "e-mail"], SearchService.Terms("Ann@Example.com e-mail"));
    }

    [Fact]
    public void Leading_and_trailing_dots_dashes_and_underscores_are_trimmed()
    {
        Assert.Equal(["end", "x"], SearchService.Terms("end. -x_"));
    }

    [Fact]
    public void Repeated_words_count_once_and_at_most_ten_are_kept()
    {
        Assert.Equal(["a"], SearchService.Terms("a A a"));
        Assert.Equal(10, SearchService.Terms(string.Join(' ', Enumerable.Range(0, 20).Select(i => $"w{i}"))).Count);
    }

    [Fact]
    public void Letters_of_any_script_are_words()
    {
        Assert.Equal(["привет", "日本語"], SearchService.Terms("Привет 日本語"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("*** () \"\" ...")]
    public void Nothing_but_punctuation_gives_no_terms(string query)
    {
        Assert.Empty(SearchService.Terms(query));
    }
}
