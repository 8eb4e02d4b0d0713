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
    [InlineData("Réclamation", "reclamation")]
    [InlineData("Ärger über Lärm", "arger-uber-larm")]
    [InlineData("Straße/Öffnung", "strasse-offnung")]
    [InlineData("Œuvre d’art", "oeuvre-dart")]
    [InlineData("Customer's refund?", "customers-refund")]
    [InlineData("Søknad: Łódź", "soknad-lodz")]
    [InlineData("Ｗｉｄｅ ﬁle", "wide-file")]
    [InlineData("Kind 2 — urgent!", "kind-2-urgent")]
    [InlineData("Tab\there", "tab-here")]
    public void A_kinds_key_is_its_name_as_an_ascii_slug(string name, string key)
    {
        Assert.Equal(key, CaseKinds.KeyFor(name));
        Assert.Matches("^[a-z0-9]+(-[a-z0-9]+)*$", CaseKinds.KeyFor(name));
    }

    [Theory]
    [InlineData("Жалоба")]
    [InlineData("苦情")]
    [InlineData("¿?!")]
    [InlineData("   ")]
    public void A_name_without_latin_letters_or_digits_gives_no_key(string name)
    {
        Assert.Equal("", CaseKinds.KeyFor(name));
    }

    [Theory]
    [InlineData("Nul\0here", true)]
    [InlineData("Tab\there", true)]
    [InlineData("Line\nbreak", true)]
    [InlineData("Carriage\rreturn", true)]
    [InlineData("\u001b[31mred", true)]
    [InlineData("Line\u2028separator", true)]
    [InlineData("evil\u202Egnp.exe", true)]
    [InlineData("Réclamation", false)]
    [InlineData("Жалоба 苦情 شكوى", false)]
    [InlineData("O'Brien & Sons (UK) — 2", false)]
    public void Names_with_control_characters_are_refused(string name, bool refused)
    {
        Assert.Equal(refused, Rapport.Infrastructure.Api.NoControlCharactersAttribute.HasControlCharacters(name));
        Assert.Equal(!refused, new Rapport.Infrastructure.Api.NoControlCharactersAttribute().IsValid(name));
    }
}
