using Rapport.Features.Channels.Messaging;

namespace Rapport.UnitTests.Channels;

/// <summary>What an SMS costs: GSM-7 fits 160 (153 per part), the extension table counts twice, anything else is UCS-2 at 70 (67).</summary>
public sealed class SmsSegmentsTests
{
    [Theory]
    [InlineData(160, 'a', SmsEncoding.Gsm7, 160, 1)]
    [InlineData(161, 'a', SmsEncoding.Gsm7, 161, 2)]
    [InlineData(306, 'a', SmsEncoding.Gsm7, 306, 2)]
    [InlineData(307, 'a', SmsEncoding.Gsm7, 307, 3)]
    [InlineData(80, '€', SmsEncoding.Gsm7, 160, 1)]
    [InlineData(70, 'ł', SmsEncoding.Ucs2, 70, 1)]
    [InlineData(71, 'ł', SmsEncoding.Ucs2, 71, 2)]
    public void Counts_units_and_segments(int count, char c, SmsEncoding encoding, int units, int segments)
    {
        var length = SmsSegments.Of(new string(c, count));

        Assert.Equal((encoding, units, segments), (length.Encoding, length.Units, length.Segments));
    }

    [Fact]
    public void One_emoji_turns_a_gsm_text_into_ucs2_where_it_counts_two()
    {
        var length = SmsSegments.Of("Thanks, see you at 2pm 🙂");

        Assert.Equal((SmsEncoding.Ucs2, 25, 1, 70), (length.Encoding, length.Units, length.Segments, length.PerSegment));
    }

    [Fact]
    public void An_empty_draft_costs_nothing() => Assert.Equal(0, SmsSegments.Of("").Segments);
}
