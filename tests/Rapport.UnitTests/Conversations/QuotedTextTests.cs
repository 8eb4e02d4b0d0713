using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Conversations;

/// <summary>Quoted history under a reply is folded; anything the sender wrote stays in view.</summary>
public sealed class QuotedTextTests
{
    [Fact]
    public void A_gmail_reply_keeps_the_answer_and_folds_the_attribution_and_quote()
    {
        var (written, quoted) = QuotedText.Split("Yes, Tuesday works.\n\nThanks,\nAnn\n\nOn Mon, 30 Nov 2026 at 10:02, Rapport <help@rapport.test> wrote:\n> Would Tuesday suit you?\n>\n> Kind regards");

        Assert.Equal("Yes, Tuesday works.\n\nThanks,\nAnn", written);
        Assert.StartsWith("On Mon, 30 Nov 2026", quoted, StringComparison.Ordinal);
        Assert.EndsWith("> Kind regards", quoted, StringComparison.Ordinal);
    }

    [Fact]
    public void An_attribution_wrapped_over_two_lines_is_found()
    {
        var (written, quoted) = QuotedText.Split("Fine by me.\n\nOn Mon, 30 Nov 2026 at 10:02, Rapport Help Desk <help@rapport.test>\nwrote:\n> Would Tuesday suit you?");

        Assert.Equal("Fine by me.", written);
        Assert.NotNull(quoted);
    }

    [Fact]
    public void An_outlook_reply_folds_from_the_original_message_header()
    {
        var (written, quoted) = QuotedText.Split("Please cancel it.\r\n\r\nFrom: Rapport Help <help@rapport.test>\r\nSent: 30 November 2026 10:02\r\nTo: Ann\r\nSubject: Your booking\r\n\r\nYour booking is confirmed.");

        Assert.Equal("Please cancel it.", written);
        Assert.StartsWith("From: Rapport Help", quoted, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Merci.\n\nLe lun. 30 nov. 2026 à 10:02, Rapport <help@rapport.test> a écrit :\n> Bonjour")]
    [InlineData("Danke.\n\nAm Mo., 30. Nov. 2026 um 10:02 Uhr schrieb Rapport <help@rapport.test>:\n> Hallo")]
    [InlineData("Thanks\n\n-----Original Message-----\nFrom: help@rapport.test\nHello")]
    public void Other_mail_programs_and_languages_are_folded(string text)
    {
        Assert.NotNull(QuotedText.Split(text).Quoted);
    }

    [Fact]
    public void An_answer_written_between_quotes_is_not_folded()
    {
        const string text = "> Which date?\nThe 4th.\n> Which room?\nA double, please.";

        Assert.Equal((text, null), QuotedText.Split(text));
    }

    [Fact]
    public void A_message_that_is_only_a_quote_is_shown_whole()
    {
        const string text = "> Would Tuesday suit you?\n> Kind regards";

        Assert.Equal((text, null), QuotedText.Split(text));
    }

    [Fact]
    public void A_customer_quoting_one_line_mid_message_keeps_everything_in_view()
    {
        const string text = "You wrote:\n> refund within 5 days\nIt has been three weeks.\nAnn";

        Assert.Equal((text, null), QuotedText.Split(text));
    }

    [Fact]
    public void Text_without_any_quote_is_unchanged()
    {
        Assert.Equal(("Hello, I'd like to book a room.", null), QuotedText.Split("Hello, I'd like to book a room."));
    }
}
