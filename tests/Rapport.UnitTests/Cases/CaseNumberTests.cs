using Rapport.Features.Cases;

namespace Rapport.UnitTests.Cases;

public sealed class CaseNumberTests
{
    [Theory]
    [InlineData(1, "C-000001")]
    [InlineData(123, "C-000123")]
    [InlineData(1234567, "C-1234567")]
    public void Numbers_read_as_C_and_six_digits_at_least(long number, string expected)
    {
        Assert.Equal(expected, CaseNumbers.Format(number));
        Assert.True(CaseNumbers.TryParse(expected, out var back));
        Assert.Equal(number, back);
    }

    [Theory]
    [InlineData("c-000042", 42)]
    [InlineData(" C-42 ", 42)]
    public void Parsing_forgives_case_and_padding(string text, long expected)
    {
        Assert.True(CaseNumbers.TryParse(text, out var number));
        Assert.Equal(expected, number);
    }

    [Theory]
    [InlineData("")]
    [InlineData("C-")]
    [InlineData("C-0")]
    [InlineData("C--5")]
    [InlineData("X-000001")]
    [InlineData("C-12a")]
    public void Anything_else_is_not_a_case_number(string text)
    {
        Assert.False(CaseNumbers.TryParse(text, out _));
    }

    [Theory]
    [InlineData("Warranty claim", "warranty-claim")]
    [InlineData("  Lost  property ", "lost-property")]
    [InlineData("Group_Booking", "group-booking")]
    public void A_kinds_key_is_its_name_in_lower_case_with_hyphens(string name, string key)
    {
        Assert.Equal(key, CaseKinds.KeyFor(name));
    }
}
