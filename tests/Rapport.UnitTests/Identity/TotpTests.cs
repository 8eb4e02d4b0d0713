using System.Text;
using Rapport.Features.Identity;
using Rapport.Features.Identity.TwoFactor;

namespace Rapport.UnitTests.Identity;

public sealed class TotpTests
{
    // RFC 6238 appendix B, SHA-1 key; the last six of its eight digits are the 6-digit codes.
    private static readonly byte[] RfcKey = Encoding.ASCII.GetBytes("12345678901234567890");

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    public void Codes_match_the_rfc_6238_test_vectors(long unixSeconds, string code) =>
        Assert.Equal(code, Totp.Code(RfcKey, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixSeconds))));

    [Fact]
    public void A_code_is_accepted_one_step_either_side_and_not_two()
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1234567890);
        var step = Totp.StepAt(now);

        Assert.Equal(step - 1, Totp.MatchingStep(RfcKey, Totp.Code(RfcKey, step - 1), now, after: null));
        Assert.Equal(step + 1, Totp.MatchingStep(RfcKey, Totp.Code(RfcKey, step + 1), now, after: null));
        Assert.Null(Totp.MatchingStep(RfcKey, Totp.Code(RfcKey, step - 2), now, after: null));
        Assert.Null(Totp.MatchingStep(RfcKey, Totp.Code(RfcKey, step), now, after: step));
    }

    [Fact]
    public void Base32_keys_read_as_authenticator_apps_write_them() =>
        Assert.Equal(RfcKey, Totp.FromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"));

    [Theory]
    [InlineData("password1234")]
    [InlineData("PASSWORD1234")]
    [InlineData("qwertyuiop123")]
    public void Common_passwords_are_on_the_embedded_list(string password) => Assert.True(PasswordRules.IsCommon(password));

    [Fact]
    public void A_passphrase_is_not_on_the_list() => Assert.False(PasswordRules.IsCommon("correct horse battery"));
}
