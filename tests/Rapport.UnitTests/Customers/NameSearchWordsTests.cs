using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.UnitTests.Customers;

/// <summary>
/// On PostgreSQL a name search asks the customer index only for the word starts that narrow it (CustomerNameSearch.Selective),
/// by the shares of names PostgreSQL's statistics give for its most common words.
/// </summary>
public sealed class NameSearchWordsTests
{
    // 1M names; shares as most_common_elem_freqs gives them: one per word, then the least, the greatest and the empty share.
    private static readonly CommonWords Customers = CommonWords.Of(
        ["and", "sons", "o", "oconnell", "konopelski", "group", "smith"],
        [0.17f, 0.05f, 0.04f, 0.02f, 0.007f, 0.03f, 0.004f, 0.004f, 0.17f, 0f],
        1_000_000);

    [Fact]
    public void A_word_start_holds_the_names_of_every_listed_word_it_begins_and_an_unlisted_one_fewer_than_the_least()
    {
        Assert.Equal(60_000, Customers.RowsStartingWith("o"), 1); // "o" and "oconnell"
        Assert.Equal(7_000, Customers.RowsStartingWith("kon"), 1);
        Assert.Equal(170_000, Customers.RowsStartingWith("and"), 1);
        Assert.Equal(2_000, Customers.RowsStartingWith("nola"), 1); // half the least share: rarer than any listed word
        Assert.True(Customers.Lists("konop", wholeWord: false));
        Assert.False(Customers.Lists("konop", wholeWord: true));
        Assert.True(Customers.Lists("smith", wholeWord: true));
        Assert.False(Customers.Lists("smithers", wholeWord: false));
    }

    [Fact]
    public void Common_word_starts_are_left_to_the_list_once_the_rarer_ones_narrow_the_names_enough()
    {
        // kon: 7,000 names; with sons about 350; with o about 21 — few enough: and would only add the longest list to read.
        Assert.Equal(["kon", "sons", "o"], CustomerNameSearch.Selective(["o", "kon", "and", "sons"], Customers));
        // nola (not listed: about 2,000) and smith (4,000): about 8 names together.
        Assert.Equal(["nola", "smith"], CustomerNameSearch.Selective(["smith", "nola"], Customers));
        Assert.Equal(["zyx"], CustomerNameSearch.Selective(["zyx"], Customers));
    }

    [Fact]
    public void Every_word_start_is_asked_when_even_all_of_them_together_are_common()
    {
        Assert.Equal(["group", "sons", "and"], CustomerNameSearch.Selective(["and", "sons", "group"], Customers)); // 255 only with all three
        Assert.Equal(["o", "and"], CustomerNameSearch.Selective(["and", "o", "and"], Customers)); // repeated words asked once
    }

    [Fact]
    public void Words_are_split_as_postgresqls_parser_splits_plain_words()
    {
        Assert.Equal(["o", "kon", "and", "sons"], CustomerNameSearch.Lexemes(["o'kon", "and", "sons"]));
        Assert.Equal(["feil", "larson", "d", "amore"], CustomerNameSearch.Lexemes(["feil,", "larson", "and", "d'amore"]).Where(l => l != "and"));
        Assert.Equal(["zoë", "smith", "jones"], CustomerNameSearch.Lexemes(["Zoë", "smith-jones", "SMITH"]));
    }
}
