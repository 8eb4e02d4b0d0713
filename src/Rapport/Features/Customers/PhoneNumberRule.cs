using PhoneNumbers;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Customers;

/// <summary>A phone number in E.164 form, with a warning when the numbering metadata does not know it as assigned.</summary>
public sealed record PhoneNumberCheck(string E164, string? Warning);

/// <summary>
/// The one rule for phone numbers on every path — contact points, lookup, CSV import, search and inbound messages —
/// so a number accepted on one path is usable on all the others. A number is kept when it is <em>possible</em> in E.164
/// (a known country code and a length that country uses). libphonenumber's metadata trails the numbering plans (new
/// ranges, Ofcom's drama ranges), so a possible number it calls invalid is kept with a warning, never refused.
/// </summary>
public sealed class PhoneNumberRule(string defaultRegion)
{
    /// <summary>ITU-T E.164: country code and national number together have at most 15 digits.</summary>
    public const int MaxE164Digits = 15;

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public string DefaultRegion => defaultRegion;

    /// <summary>E.164 form of a number written in any common format, or <see cref="InvalidInputException"/> naming <paramref name="field"/>.</summary>
    public PhoneNumberCheck Normalize(string? value, string field = "value")
    {
        var text = value?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new InvalidInputException(field, "Give a phone number.");
        }

        // libphonenumber reads letters as a keypad would (0800 FLOWERS); a person typing letters here made a mistake.
        if (text.Any(char.IsLetter))
        {
            throw new InvalidInputException(field, $"'{text}' is not a phone number: it has letters. Write digits with the country code, e.g. +44 20 7946 0018.");
        }

        PhoneNumber parsed;
        try
        {
            parsed = Phones.Parse(text, defaultRegion);
        }
        catch (NumberParseException)
        {
            throw new InvalidInputException(field, $"'{text}' is not a phone number. Write it with its country code, e.g. +44 20 7946 0018.");
        }

        var problem = Phones.IsPossibleNumberWithReason(parsed) switch
        {
            PhoneNumberUtil.ValidationResult.IS_POSSIBLE => null,
            PhoneNumberUtil.ValidationResult.INVALID_COUNTRY_CODE => "its country code is not one in use",
            PhoneNumberUtil.ValidationResult.TOO_SHORT => "it is too short",
            PhoneNumberUtil.ValidationResult.TOO_LONG => "it is too long",
            PhoneNumberUtil.ValidationResult.IS_POSSIBLE_LOCAL_ONLY => "it needs its area code",
            _ => "its length is not one its country uses",
        };
        var e164 = problem is null ? Phones.Format(parsed, PhoneNumberFormat.E164) : "";
        if (problem is null && e164.Length - 1 > MaxE164Digits)
        {
            problem = $"it is longer than {MaxE164Digits} digits with the country code";
        }

        // The stored form must read back as itself, or the same number would be two keys ("00 0…" reads oddly). A
        // provider's number already in E.164 does by construction, so the hot path parses once.
        if (problem is null && text != e164 && !ReadsBackAsItself(e164))
        {
            problem = "its digits do not make one number with a country code";
        }

        if (problem is not null)
        {
            throw new InvalidInputException(field, $"'{text}' is not a phone number: {problem}. Check the digits and the country code.");
        }

        return new PhoneNumberCheck(e164, Phones.IsValidNumber(parsed) ? null : WarningText(parsed));
    }

    public bool TryNormalize(string? value, out string e164)
    {
        try
        {
            e164 = Normalize(value).E164;
            return true;
        }
        catch (InvalidInputException)
        {
            e164 = "";
            return false;
        }
    }

    /// <summary>The warning for a stored E.164 number, asked again each time so it goes away when the metadata learns the range.</summary>
    public static string? WarningFor(string e164)
    {
        try
        {
            var parsed = Phones.Parse(e164, null);
            return Phones.IsValidNumber(parsed) ? null : WarningText(parsed);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    /// <summary>The number as people write it internationally (+44 7700 900123).</summary>
    public static string Display(string e164) => Phones.Format(Phones.Parse(e164, null), PhoneNumberFormat.INTERNATIONAL);

    /// <summary>A stored sender as people read it: an E.164 number in international format, anything else as it is.</summary>
    public static string DisplayIfNumber(string sender)
    {
        if (!sender.StartsWith('+'))
        {
            return sender;
        }

        try
        {
            return Display(sender);
        }
        catch (NumberParseException)
        {
            return sender;
        }
    }

    private static bool ReadsBackAsItself(string e164)
    {
        try
        {
            var again = Phones.Parse(e164, null);
            return Phones.IsPossibleNumberWithReason(again) == PhoneNumberUtil.ValidationResult.IS_POSSIBLE
                && Phones.Format(again, PhoneNumberFormat.E164) == e164;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    private static string WarningText(PhoneNumber parsed) =>
        $"{Phones.Format(parsed, PhoneNumberFormat.INTERNATIONAL)} is not a number the phone-number data knows to be in use in "
        + $"{Phones.GetRegionCodeForCountryCode(parsed.CountryCode)}. It was kept; check the digits if messages to it fail.";
}
