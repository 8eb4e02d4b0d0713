using Rapport.Features.Coach;

namespace Rapport.UnitTests.Coach;

/// <summary>The reading says why a message is upset, in the words of the message and the kind of cue.</summary>
public sealed class InboundSentimentTests
{
    [Theory]
    [InlineData("This is the third time I'm asking for my invoice.", "'third time' (asked before)")]
    [InlineData("If this isn't refunded by Friday I will be raising a chargeback with my bank.", "'chargeback' (threat)")]
    [InlineData("Great, another week without my refund.", "'Great' (sarcasm)")]
    [InlineData("I don't want to make a fuss, but the room was not cleaned once in four nights.", "'don't want to make a fuss' (polite but upset)")]
    [InlineData("We fly tomorrow morning and I still don't have our tickets.", "'tomorrow' (time pressure)")]
    [InlineData("J'ai été débité deux fois et personne ne répond à mes mails.", "'débité deux fois'")]
    [InlineData("I'm not happy with how this has been handled.", "'not happy'")]
    public void An_upset_message_is_explained_by_its_words(string message, string cue)
    {
        var reading = InboundSentiment.Read(message);

        Assert.True(reading.Upset, InboundSentiment.Describe(reading));
        Assert.Contains(cue, reading.Because, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("No problem, thanks for letting me know.")]
    [InlineData("Sorry to bother you, could you confirm our pick-up time?")]
    [InlineData("Can I cancel without a fee if I do it before Friday?")]
    [InlineData("I can't fault the staff, they were lovely the whole week.")]
    [InlineData("My flight is tomorrow, could you tell me what time check-in opens?")]
    [InlineData("That's just perfect, thanks!")]
    public void A_calm_message_with_negative_words_is_calm(string message)
    {
        var reading = InboundSentiment.Read(message);

        Assert.False(reading.Upset, InboundSentiment.Describe(reading));
    }

    [Fact]
    public void Quoted_text_of_an_earlier_message_is_not_read()
    {
        Assert.False(InboundSentiment.Read("Thanks, that's sorted.\n> This is unacceptable, I want a refund.").Upset);
    }

    [Fact]
    public void A_long_message_is_read_in_one_linear_pass()
    {
        // 200 copies of an upset sentence: every cue is found once per copy, none is lost or doubled by the scan.
        var message = string.Concat(Enumerable.Repeat("Still no refund. ", 200));

        var reading = InboundSentiment.Read(message);

        Assert.Equal(200, reading.Cues.Count(c => c.Words == "Still no"));
    }
}
