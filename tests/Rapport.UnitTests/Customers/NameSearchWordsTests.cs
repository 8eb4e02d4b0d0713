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
        // kon: 7,000 names, too many; with sons about 350: o would strike out ~330 of them for 60,000 entries read, and
        // 330 lookups cost ~16,500 entries.
        Assert.Equal(["kon", "sons"], CustomerNameSearch.Selective(["o", "kon", "and", "sons"], Customers));
        Assert.Equal(["smith", "sons"], CustomerNameSearch.Selective(["smith", "and", "sons"], Customers));
        // nola (not listed: about 2,000) and smith (4,000): about 8 names together.
        Assert.Equal(["nola", "smith"], CustomerNameSearch.Selective(["smith", "nola"], Customers));
        Assert.Equal(["zyx"], CustomerNameSearch.Selective(["zyx"], Customers));
    }

    [Fact]
    public void Common_word_starts_are_asked_while_the_candidates_are_too_many_for_the_index()
    {
        // group: 30,000; with sons 1,500, still over half of the 2,000 the index may give; with and 255.
        Assert.Equal(["group", "sons", "and"], CustomerNameSearch.Selective(["and", "sons", "group"], Customers));
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
