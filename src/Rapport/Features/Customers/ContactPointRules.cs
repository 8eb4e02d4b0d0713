using System.Net.Mail;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Customers;

/// <summary>
/// Validates and normalises contact points so that the same email, phone or handle always yields the same
/// lookup key, whichever channel or format it arrives in.
/// </summary>
public sealed class ContactPointRules(string defaultRegion)
{
    public const int ValueMaxLength = 320;

    public static readonly string[] Networks = ["x", "facebook", "instagram", "whatsapp", "telegram", "linkedin", "tiktok", "messenger", "webchat", "other"];

    public PhoneNumberRule PhoneRule { get; } = new(defaultRegion);

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

    /// <summary>E.164 form of a phone number written in any common format, by the one <see cref="PhoneNumberRule"/>.</summary>
    public string NormalizePhone(string value, string field = "value") => PhoneRule.Normalize(value, field).E164;

    /// <summary>The same rule as <see cref="NormalizePhone"/>: a number a provider reports is matched as any other.</summary>
    public string NormalizeProviderPhone(string value, string field = "value") => NormalizePhone(value, field);

    public bool TryNormalizePhone(string value, out string e164) => PhoneRule.TryNormalize(value, out e164);

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
        return new ContactPoint { Type = ContactPointType.Phone, Value = PhoneNumberRule.Display(e164), Normalized = e164, Label = label };
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
