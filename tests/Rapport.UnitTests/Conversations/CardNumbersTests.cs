using CsCheck;
using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Conversations;

/// <summary>Payment card numbers never reach storage in clear; other numbers are left as the customer wrote them.</summary>
public sealed class CardNumbersTests
{
    [Theory]
    [InlineData("4111111111111111", "••••••••••••1111")] // 16 digits, Visa test number
    [InlineData("4111 1111 1111 1111", "•••• •••• •••• 1111")]
    [InlineData("4111-1111-1111-1111", "••••-••••-••••-1111")]
    [InlineData("4222222222222", "•••••••••2222")] // 13 digits
    [InlineData("3782 822463 10005", "•••• •••••• •0005")] // 15 digits, Amex grouping
    [InlineData("6304000000000000000", "•••••••••••••••0000")] // 19 digits
    [InlineData("6212-3456-7890-1234-569", "••••-••••-••••-•••4-569")]
    public void Luhn_valid_runs_of_13_to_19_digits_are_masked_but_the_last_four_digits(string card, string masked)
    {
        Assert.Equal(masked, CardNumbers.Mask(card));
    }

    [Fact]
    public void A_card_number_inside_a_sentence_is_masked_and_the_rest_kept()
    {
        var text = "My card is 5555 5555 5555 4444, expiry 12/27, and my order 1234.";

        Assert.Equal("My card is •••• •••• •••• 4444, expiry 12/27, and my order 1234.", CardNumbers.Mask(text));
    }

    [Fact]
    public void Every_card_number_in_a_text_is_masked()
    {
        var text = "old 4111 1111 1111 1111\nnew 6011111111111117";

        Assert.Equal("old •••• •••• •••• 1111\nnew ••••••••••••1117", CardNumbers.Mask(text));
    }

    [Theory]
    [InlineData("4111 1111 1111 1112")] // fails the Luhn check
    [InlineData("1234567890123")] // 13 digits, not Luhn-valid
    [InlineData("Order 00442079460018 shipped")]
    [InlineData("Tracking 12345678901234567890123")] // longer than any card number
    [InlineData("411111111111")] // 12 digits: too short
    public void Numbers_that_are_not_card_numbers_are_left_alone(string text)
    {
        Assert.Equal(text, CardNumbers.Mask(text));
    }

    [Theory]
    [InlineData("Call me on +44 20 7946 0018 after six")]
    [InlineData("020 7946 0018")]
    [InlineData("+1 (415) 555-2671")]
    [InlineData("07700 900123 or 07700 900456")]
    [InlineData("0044 7700 900123")]
    [InlineData("+44 7700 900123")]
    public void Phone_numbers_are_left_alone(string text)
    {
        Assert.Equal(text, CardNumbers.Mask(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("No numbers here at all")]
    public void Text_without_card_numbers_is_returned_unchanged(string? text)
    {
        Assert.Equal(text, CardNumbers.Mask(text));
    }

    [Fact]
    public void Masking_only_ever_replaces_digits_with_bullets()
    {
        var text = Gen.String[Gen.Char["0123456789 -4x\n"], 0, 400];
        text.Sample(t =>
        {
            var masked = CardNumbers.Mask(t)!;
            Assert.Equal(t.Length, masked.Length);
            for (var i = 0; i < t.Length; i++)
            {
                Assert.True(masked[i] == t[i] || (char.IsAsciiDigit(t[i]) && masked[i] == '•'), $"position {i} of \"{t}\"");
            }
        }, iter: PropertyRuns.Iterations);
    }

    [Fact]
    public void A_card_number_anywhere_in_a_long_run_of_digit_groups_is_masked()
    {
        // Long runs of grouped digits made the old regular expression backtrack until it timed out.
        var noise = string.Join(' ', Enumerable.Repeat("1234", 20_000));

        var masked = CardNumbers.Mask($"{noise} x 4111 1111 1111 1111 x {noise}")!;

        Assert.Contains("x •••• •••• •••• 1111 x", masked, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4111111111111111", true)]
    [InlineData("378282246310005", true)]
    [InlineData("4111111111111112", false)]
    [InlineData("0", true)]
    [InlineData("18", true)]
    [InlineData("19", false)]
    public void Luhn_checks_the_digit_sum(string digits, bool valid)
    {
        Assert.Equal(valid, CardNumbers.Luhn(digits));
    }
}
