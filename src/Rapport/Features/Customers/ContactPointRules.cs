using System.Net.Mail;
using PhoneNumbers;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Customers;

/// <summary>
/// Validates and normalises contact points so that the same email, phone or handle always yields the same
/// lookup key, whichever channel or format it arrives in.
/// </summary>
public sealed class ContactPointRules(string defaultRegion)
{
    public const int ValueMaxLength = 320;

    /// <summary>ITU-T E.164: country code and national number together have at most 15 digits.</summary>
    public const int MaxE164Digits = 15;

    public static readonly string[] Networks = ["x", "facebook", "instagram", "whatsapp", "telegram", "linkedin", "tiktok", "messenger", "other"];

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    public string DefaultRegion => defaultRegion;

    /// <summary>Builds a normalised contact point, or throws <see cref="InvalidInputException"/> naming <paramref name="field"/>.</summary>
    public ContactPoint Create(ContactPointType type, string? value, string? network, string? label, string field = "value")
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            var name = type.ToString().ToLowerInvariant();
            throw new InvalidInputException(field, $"{(name.StartsWith('e') ? "An" : "A")} {name} contact point needs a value.");
        }

        if (value.Length > ValueMaxLength)
        {
            throw new InvalidInputException(field, $"A contact point is at most {ValueMaxLength} characters.");
        }

        // "contactPoints[2].value" names its siblings "contactPoints[2].network" and "…label", so a form can show each
        // message beside the right input; a plain "value" keeps "network" and "label".
        var prefix = field.EndsWith("value", StringComparison.Ordinal) ? field[..^"value".Length] : "";
        label = string.IsNullOrWhiteSpace(label) ? null : label.Trim();
        if (label?.Length > 50)
        {
            throw new InvalidInputException(prefix + "label", "A label is at most 50 characters.");
        }

        return type switch
        {
            ContactPointType.Email => new ContactPoint { Type = type, Value = value, Normalized = NormalizeEmail(value, field), Label = label },
            ContactPointType.Phone => Phone(value, label, field),
            ContactPointType.Social => Social(value, network, label, field, prefix + "network"),
            _ => Postal(value, label, field),
        };
    }

    public static string NormalizeEmail(string value, string field = "value") =>
        TryNormalizeEmail(value, out var email) ? email : throw new InvalidInputException(field, $"'{value}' is not a valid email address.");

    /// <summary>The lower-cased address when <paramref name="value"/> is one Rapport can store and match; false otherwise.</summary>
    public static bool TryNormalizeEmail(string? value, out string email)
    {
        var trimmed = value?.Trim() ?? "";
        var valid = MailAddress.TryCreate(trimmed, out var address) && address.Address == trimmed && address.Host.Contains('.', StringComparison.Ordinal);
        email = valid ? address!.Address.ToLowerInvariant() : "";
        return valid;
    }

    /// <summary>E.164 form of a phone number written in any common format; throws when it is not a valid number.</summary>
    public string NormalizePhone(string value, string field = "value")
    {
        PhoneNumber parsed;
        try
        {
            parsed = Phones.Parse(value, defaultRegion);
        }
        catch (NumberParseException)
        {
            throw new InvalidInputException(field, $"'{value}' is not a phone number. Write it with its country code, e.g. +44 20 7946 0018.");
        }

        if (!Phones.IsValidNumber(parsed))
        {
            throw new InvalidInputException(field,
                $"'{value}' is not a valid phone number for {Phones.GetRegionCodeForNumber(parsed) ?? defaultRegion}. Check the digits and the country code.");
        }

        // libphonenumber accepts some longer direct-dial numbers (e.g. German extensions); E.164 allows at most 15 digits.
        var e164 = Phones.Format(parsed, PhoneNumberFormat.E164);
        if (e164.Length - 1 > MaxE164Digits)
        {
            throw new InvalidInputException(field, $"'{value}' is too long for a phone number: at most {MaxE164Digits} digits including the country code.");
        }

        return e164;
    }

    /// <summary>
    /// E.164 form of a number a channel provider reports. Providers send numbers libphonenumber may not list as
    /// assigned (new ranges, Ofcom's drama ranges used in tests), so a possible number in international form is enough.
    /// </summary>
    public string NormalizeProviderPhone(string value, string field = "value")
    {
        try
        {
            var parsed = Phones.Parse(value, defaultRegion);
            if (Phones.IsValidNumber(parsed) || (value.TrimStart().StartsWith('+') && Phones.IsPossibleNumber(parsed)))
            {
                return Phones.Format(parsed, PhoneNumberFormat.E164);
            }
        }
        catch (NumberParseException)
        {
            // Falls through to the message below.
        }

        throw new InvalidInputException(field, $"'{value}' is not a phone number in international form (e.g. +447700900123).");
    }

    public bool TryNormalizePhone(string value, out string e164)
    {
        try
        {
            e164 = NormalizePhone(value);
            return true;
        }
        catch (InvalidInputException)
        {
            e164 = "";
            return false;
        }
    }

    public string NormalizeHandle(string handle, string? network, string field = "value", string networkField = "network")
    {
        var net = network?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(net) || !Networks.Contains(net))
        {
            throw new InvalidInputException(networkField, $"A social handle needs a network, one of: {string.Join(", ", Networks)}.");
        }

        // WhatsApp identifies people by phone number, so the same number matches across SMS and WhatsApp.
        // A WhatsApp user who hides their number is known by a business-scoped id ("user.…") instead.
        var key = net == "whatsapp" && !handle.TrimStart().StartsWith("user.", StringComparison.OrdinalIgnoreCase)
            ? NormalizePhone(handle, field)
            : handle.Trim().TrimStart('@').ToLowerInvariant();
        if (key.Length == 0 || key.Any(char.IsWhiteSpace))
        {
            throw new InvalidInputException(field, $"'{handle}' is not a valid handle.");
        }

        return $"{net}:{key}";
    }

    private ContactPoint Phone(string value, string? label, string field)
    {
        var e164 = NormalizePhone(value, field);
        var display = Phones.Format(Phones.Parse(e164, null), PhoneNumberFormat.INTERNATIONAL);
        return new ContactPoint { Type = ContactPointType.Phone, Value = display, Normalized = e164, Label = label };
    }

    private ContactPoint Social(string value, string? network, string? label, string field, string networkField)
    {
        var normalized = NormalizeHandle(value, network, field, networkField);
        var net = normalized[..normalized.IndexOf(':', StringComparison.Ordinal)];
        return new ContactPoint { Type = ContactPointType.Social, Value = value.Trim(), Normalized = normalized, Network = net, Label = label };
    }

    private static ContactPoint Postal(string value, string? label, string field)
    {
        var normalized = NormalizeAddress(value);
        if (normalized.Length == 0)
        {
            throw new InvalidInputException(field, $"'{value}' is not an address: it has no lines.");
        }

        return new ContactPoint { Type = ContactPointType.Postal, Value = value, Normalized = normalized, Label = label };
    }

    private static string NormalizeAddress(string value) =>
        string.Join(", ", value.Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToLowerInvariant();
}
