using CsCheck;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;

namespace Rapport.UnitTests.Conversations;

/// <summary>Text that neither database could store (U+0000, half a surrogate pair) is replaced visibly; everything else is kept as is.</summary>
public sealed class StorableTextTests
{
    [Theory]
    [InlineData("Hello", "Hello")]
    [InlineData("a\0b", "a\uFFFDb")]
    [InlineData("\uD83D\uDE00 smile", "\uD83D\uDE00 smile")]
    public void Replaces_only_what_cannot_be_stored(string input, string expected)
    {
        Assert.Equal(expected, StorableText.Clean(input));
    }

    [Fact]
    public void Half_a_surrogate_pair_is_replaced_wherever_it_stands()
    {
        // Built here, not in attributes: xUnit's data serialisation would itself mangle a lone surrogate.
        const char high = (char)0xD83D, low = (char)0xDE00;
        Assert.Equal("half \uFFFD pair", StorableText.Clean($"half {high} pair"));
        Assert.Equal("\uFFFD low first", StorableText.Clean($"{low} low first"));
        Assert.Equal("ends high \uFFFD", StorableText.Clean($"ends high {high}"));
        Assert.Equal($"{high}{low}\uFFFD", StorableText.Clean($"{high}{low}{low}"));
    }

    [Fact]
    public void Any_string_comes_out_storable_the_same_length_and_unchanged_when_it_already_was()
    {
        Gen.String[Gen.Char, 0, 50].Sample(s =>
        {
            var clean = StorableText.Clean(s)!;
            return clean.Length == s.Length && !clean.Contains('\0', StringComparison.Ordinal) && StorableText.Clean(clean) == clean
                && System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(clean)) == clean
                && (s.Contains('\0', StringComparison.Ordinal) || s.Any(char.IsSurrogate) || clean == s);
        }, iter: PropertyRuns.Iterations);
    }

    [Fact]
    public void Every_text_field_of_an_inbound_message_is_cleaned()
    {
        var m = new InboundMessage(Channel.Email, "id\0", new InboundSender(Email: "a@b.c", Name: "Ann\0"), "text\0", Subject: "sub\0",
            Html: "<p>\0</p>", To: "to\0", InReplyTo: "r\0", References: ["x\0"], ParseWarning: "w\0");

        var clean = StorableText.Clean(m);

        Assert.DoesNotContain('\0', string.Concat(clean.ProviderMessageId, clean.From.Name, clean.Text, clean.Subject, clean.Html, clean.To,
            clean.InReplyTo, clean.References![0], clean.ParseWarning));
    }

    [Theory]
    [InlineData(3, "ab")]   // "ab🙂": the pair would be split at 3, so the cut is before it
    [InlineData(4, "ab🙂")]
    [InlineData(2, "ab")]
    [InlineData(10, "ab🙂c")]
    public void A_cut_never_ends_in_half_a_surrogate_pair(int max, string expected) =>
        Assert.Equal(expected, StorableText.Cut("ab🙂c", max));
}
