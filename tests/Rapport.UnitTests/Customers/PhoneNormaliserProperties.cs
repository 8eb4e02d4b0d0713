using CsCheck;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Api;

namespace Rapport.UnitTests.Customers;

/// <summary>Whatever a caller types, the normaliser answers with E.164 or a field error — never another exception.</summary>
public sealed class PhoneNormaliserProperties
{
    private static readonly ContactPointRules Rules = new("GB");

    // Phone-like text is where the parser's edge cases live; arbitrary text covers the rest.
    private static readonly Gen<string> PhoneLike = Gen.OneOf(
        Gen.String[Gen.Char["0123456789 +()-.x#*"], 0, 30],
        Gen.Select(Gen.OneOfConst("+44", "0044", "0", "+1", "+", "00", ""), Gen.String[Gen.Char["0123456789 "], 0, 20], (p, s) => p + s),
        Gen.String);

    [Fact]
    public void Normalise_returns_E164_or_throws_only_InvalidInputException()
    {
        PhoneLike.Sample(text =>
        {
            try
            {
                var e164 = Rules.NormalizePhone(text, "phone");
                return e164.StartsWith('+') && e164.Skip(1).All(char.IsAsciiDigit) && e164.Length <= 16;
            }
            catch (InvalidInputException e)
            {
                return e.Field == "phone";
            }
        }, iter: PropertyRuns.Iterations);
    }

    [Fact]
    public void Try_normalise_never_throws()
    {
        PhoneLike.Sample(text =>
        {
            var ok = Rules.TryNormalizePhone(text, out var e164);
            return ok ? e164.Length > 1 : e164.Length == 0;
        }, iter: PropertyRuns.Iterations);
    }

    [Fact]
    public void Normalising_is_idempotent()
    {
        PhoneLike.Sample(text => !Rules.TryNormalizePhone(text, out var once)
            || (Rules.TryNormalizePhone(once, out var twice) && once == twice), iter: PropertyRuns.Iterations);
    }

    [Fact]
    public void Contact_point_creation_throws_only_InvalidInputException()
    {
        var types = Gen.Enum<ContactPointType>();
        var networks = Gen.OneOf(Gen.OneOfConst<string?>(null, "x", "whatsapp", "WhatsApp", "nope", ""), Gen.String.Select(s => (string?)s));
        Gen.Select(types, PhoneLike, networks).Sample((type, value, network) =>
        {
            try
            {
                var point = Rules.Create(type, value, network, null);
                return point.Normalized.Length > 0 && point.Type == type;
            }
            catch (InvalidInputException)
            {
                return true;
            }
        }, iter: PropertyRuns.Iterations);
    }
}
