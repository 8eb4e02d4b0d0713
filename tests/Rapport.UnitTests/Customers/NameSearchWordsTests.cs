using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.UnitTests.Customers;

/// <summary>
/// On PostgreSQL a name search reads the range of one word start in the name words' index, the rarest by the shares of
/// names PostgreSQL's statistics give for its most common words (CustomerNameSearch.Ranked).
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
    public void The_rarest_word_start_is_read_first_and_the_longest_among_equals()
    {
        // kon 7,000 names, sons 50,000, o 60,000, and 170,000.
        Assert.Equal(["kon", "sons", "o", "and"], CustomerNameSearch.Ranked(["o", "kon", "and", "sons"], Customers));
        // nola is not listed (about 2,000 names), smith 4,000.
        Assert.Equal(["nola", "smith"], CustomerNameSearch.Ranked(["smith", "nola"], Customers));
        // zyx and nola both unlisted: the longer start is the narrower.
        Assert.Equal(["nola", "zyx", "group", "and"], CustomerNameSearch.Ranked(["and", "zyx", "group", "nola", "and"], Customers));
        // Without statistics: longest first.
        Assert.Equal(["konopelski", "sons", "o"], CustomerNameSearch.Ranked(["o", "sons", "konopelski"], null));
    }

    [Fact]
    public void Words_are_split_as_postgresqls_parser_splits_plain_words()
    {
        Assert.Equal(["o", "kon", "and", "sons"], CustomerNameSearch.Lexemes(["o'kon", "and", "sons"]));
        Assert.Equal(["feil", "larson", "d", "amore"], CustomerNameSearch.Lexemes(["feil,", "larson", "and", "d'amore"]).Where(l => l != "and"));
        Assert.Equal(["zoë", "smith", "jones"], CustomerNameSearch.Lexemes(["Zoë", "smith-jones", "SMITH"]));
    }
}
