using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Customers;

public sealed class ContactPointRulesTests
{
    private readonly ContactPointRules rules = new("GB");

    [Fact]
    public void Email_is_kept_as_given_and_lower_cased_for_matching()
    {
        var point = rules.Create(ContactPointType.Email, "  Ada.Lovelace@Example.COM ", null, null);

        Assert.Equal("Ada.Lovelace@Example.COM", point.Value);
        Assert.Equal("ada.lovelace@example.com", point.Normalized);
    }

    [Theory]
    [InlineData("not-an-email")]
    [InlineData("ada@localhost")]
    [InlineData("Ada Lovelace <ada@example.com>")]
    public void Invalid_email_is_rejected_naming_the_field(string value)
    {
        var e = Assert.Throws<InvalidInputException>(() => rules.Create(ContactPointType.Email, value, null, null, "contactPoints[0].value"));

        Assert.Equal("contactPoints[0].value", e.Field);
        Assert.Contains("not a valid email", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("020 7946 0018", "+442079460018")]
    [InlineData("02079460018", "+442079460018")]
    [InlineData("+44 20 7946 0018", "+442079460018")]
    [InlineData("0044 20 7946 0018", "+442079460018")]
    [InlineData("(020) 7946-0018", "+442079460018")]
    [InlineData("+44 (0)20 7946 0018", "+442079460018")]
    [InlineData("07911 123456", "+447911123456")]
    public void Uk_numbers_in_any_common_format_normalise_to_E164(string written, string e164)
    {
        Assert.Equal(e164, rules.NormalizePhone(written));
    }

    [Theory]
    [InlineData("+33 1 42 68 53 00", "+33142685300")]
    [InlineData("+1 (650) 253-0000", "+16502530000")]
    [InlineData("00 49 30 901820", "+4930901820")]
    public void International_numbers_normalise_to_E164(string written, string e164)
    {
        Assert.Equal(e164, rules.NormalizePhone(written));
    }

    [Fact]
    public void A_phone_contact_point_shows_the_international_format_and_keys_on_E164()
    {
        var point = rules.Create(ContactPointType.Phone, "020 7946 0018", null, "home");

        Assert.Equal("+44 20 7946 0018", point.Value);
        Assert.Equal("+442079460018", point.Normalized);
        Assert.Equal("home", point.Label);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("020 794")]
    [InlineData("+44 20 7946 00181234")]
    [InlineData("call me maybe")]
    [InlineData("0800 FLOWERS")]
    [InlineData("+999 1234 5678")]
    [InlineData("0049 912965317784351")]
    public void Impossible_numbers_are_rejected_with_a_message_that_quotes_them(string value)
    {
        var e = Assert.Throws<InvalidInputException>(() => rules.Create(ContactPointType.Phone, value, null, null, "phones"));

        Assert.Equal("phones", e.Field);
        Assert.Contains($"'{value}'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+447700900123", "+447700900123", "+44 7700 900123")]
    [InlineData("07700 900123", "+447700900123", "+44 7700 900123")]
    [InlineData("020 7946 001", "+44207946001", "+44 207946001")]
    public void A_possible_number_the_metadata_calls_invalid_is_kept_with_a_warning(string written, string e164, string display)
    {
        var check = rules.PhoneRule.Normalize(written, "phone");
        var point = rules.Create(ContactPointType.Phone, written, null, null);

        Assert.Equal(e164, check.E164);
        Assert.Contains(display, check.Warning, StringComparison.Ordinal);
        Assert.Contains("GB", check.Warning, StringComparison.Ordinal);
        Assert.Equal(e164, point.Normalized);
        Assert.Equal(display, point.Value);
        Assert.Equal(check.Warning, PhoneNumberRule.WarningFor(e164));
    }

    [Fact]
    public void A_valid_number_has_no_warning()
    {
        Assert.Null(rules.PhoneRule.Normalize("020 7946 0018").Warning);
        Assert.Null(PhoneNumberRule.WarningFor("+442079460018"));
    }

    [Fact]
    public void Every_path_uses_the_same_rule_so_a_provider_number_is_a_contact_point_number()
    {
        Assert.Equal(rules.NormalizeProviderPhone("+447700900123"), rules.NormalizePhone("+44 7700 900123"));
        Assert.Equal("whatsapp:+447700900123", rules.NormalizeHandle("+447700900123", "whatsapp"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void A_blank_phone_is_refused_so_it_can_match_nobody(string? value)
    {
        Assert.Equal("phone", Assert.Throws<InvalidInputException>(() => rules.PhoneRule.Normalize(value, "phone")).Field);
        Assert.False(rules.PhoneRule.TryNormalize(value, out _));
    }

    [Fact]
    public void Try_normalise_reports_false_instead_of_throwing()
    {
        Assert.False(rules.TryNormalizePhone("not a phone", out var e164));
        Assert.Equal("", e164);
        Assert.True(rules.TryNormalizePhone("020 7946 0018", out e164));
        Assert.Equal("+442079460018", e164);
    }

    [Fact]
    public void Social_handle_is_keyed_by_network_without_at_sign_and_case()
    {
        var point = rules.Create(ContactPointType.Social, "@Rapport_HQ", "X", null);

        Assert.Equal("x:rapport_hq", point.Normalized);
        Assert.Equal("x", point.Network);
        Assert.Equal("@Rapport_HQ", point.Value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("myspace")]
    public void Social_handle_needs_a_known_network(string? network)
    {
        var e = Assert.Throws<InvalidInputException>(() => rules.Create(ContactPointType.Social, "@rapport", network, null));

        Assert.Equal("network", e.Field);
    }

    [Fact]
    public void Social_handle_with_spaces_is_rejected()
    {
        var e = Assert.Throws<InvalidInputException>(() => rules.NormalizeHandle("two words", "instagram", "handle"));

        Assert.Equal("handle", e.Field);
    }

    [Fact]
    public void WhatsApp_handle_is_a_phone_number_so_it_matches_sms()
    {
        Assert.Equal("whatsapp:+447911123456", rules.NormalizeHandle("07911 123456", "WhatsApp"));
        Assert.Throws<InvalidInputException>(() => rules.NormalizeHandle("@someone", "whatsapp"));
    }

    [Fact]
    public void Postal_address_is_normalised_to_one_lower_cased_line()
    {
        var point = rules.Create(ContactPointType.Postal, "1 High Street\nLeeds\r\nLS1 1AA", null, null);

        Assert.Equal("1 high street, leeds, ls1 1aa", point.Normalized);
    }

    [Fact]
    public void An_address_of_only_separators_is_rejected()
    {
        Assert.Equal("v", Assert.Throws<InvalidInputException>(() => rules.Create(ContactPointType.Postal, ", ,\n,", null, null, "v")).Field);
    }

    [Theory]
    [InlineData(ContactPointType.Email)]
    [InlineData(ContactPointType.Phone)]
    [InlineData(ContactPointType.Postal)]
    public void Empty_and_over_long_values_are_rejected(ContactPointType type)
    {
        Assert.Equal("v", Assert.Throws<InvalidInputException>(() => rules.Create(type, "  ", null, null, "v")).Field);
        Assert.Equal("v", Assert.Throws<InvalidInputException>(() => rules.Create(type, new string('1', ContactPointRules.ValueMaxLength + 1), null, null, "v")).Field);
    }

    [Fact]
    public void Over_long_label_is_rejected()
    {
        var e = Assert.Throws<InvalidInputException>(() => rules.Create(ContactPointType.Email, "a@example.com", null, new string('x', 51)));

        Assert.Equal("label", e.Field);
    }

    [Fact]
    public void Default_region_decides_numbers_written_without_a_country_code()
    {
        var french = new ContactPointRules("FR");

        Assert.Equal("+33142685300", french.NormalizePhone("01 42 68 53 00"));
    }
}
