using System.ComponentModel.DataAnnotations;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Customers;

/// <summary>A contact point to add: type, value, and for social handles the network.</summary>
public sealed record ContactPointRequest(
    ContactPointType Type,
    [property: Required, StringLength(ContactPointRules.ValueMaxLength)] string Value,
    [property: StringLength(30)] string? Network = null,
    [property: StringLength(50)] string? Label = null);

/// <summary>
/// The customer's communication profile (C2). Omitted fields are unknown. <see cref="PreferredDays"/> (day names) and
/// <see cref="PreferredFrom"/>–<see cref="PreferredUntil"/> ("HH:mm", the organisation's time zone) are the window Rapport
/// checks before an agent contacts the customer; <see cref="PreferredTimes"/> says the rest in words.
/// </summary>
public sealed record CommunicationProfileRequest(
    Channel PreferredChannel = Channel.None,
    [property: StringLength(200)] string? PreferredTimes = null,
    Formality Style = Formality.Unknown,
    [property: StringLength(35)] string? Language = null,
    TechnicalAwareness TechnicalAwareness = TechnicalAwareness.Unknown,
    bool NeedsRelayService = false,
    bool NeedsTranslator = false,
    bool NeedsLargePrint = false,
    bool NeedsExtraTime = false,
    [property: StringLength(500)] string? OtherAccessibilityNeeds = null,
    [property: MaxLength(7)] IReadOnlyList<string>? PreferredDays = null,
    [property: StringLength(8)] string? PreferredFrom = null,
    [property: StringLength(8)] string? PreferredUntil = null)
{
    /// <summary>Validates and builds the profile; errors name the field under <c>profile.</c>.</summary>
    public CommunicationProfile ToProfile()
    {
        if (!Enum.IsDefined(PreferredChannel))
        {
            throw new InvalidInputException("profile.preferredChannel", $"Unknown channel; one of {string.Join(", ", Enum.GetNames<Channel>().Select(n => n.ToLowerInvariant()))}.");
        }

        if (!Enum.IsDefined(Style))
        {
            throw new InvalidInputException("profile.style", "Unknown style.");
        }

        if (!Enum.IsDefined(TechnicalAwareness))
        {
            throw new InvalidInputException("profile.technicalAwareness", "Unknown technical awareness.");
        }

        var days = PreferredTimeWindow.ParseDays(PreferredDays, "profile.preferredDays");
        var from = PreferredTimeWindow.ParseTime(PreferredFrom, "profile.preferredFrom");
        var until = PreferredTimeWindow.ParseTime(PreferredUntil, "profile.preferredUntil");
        if ((from is null) != (until is null))
        {
            throw new InvalidInputException(from is null ? "profile.preferredFrom" : "profile.preferredUntil",
                "Give both the start and the end of the preferred hours, or neither.");
        }

        if (from is not null && from == until)
        {
            throw new InvalidInputException("profile.preferredUntil", "The preferred hours end when they start; leave both out for any time of day.");
        }

        return Build(days, from, until);
    }

    private CommunicationProfile Build(PreferredDays days, TimeOnly? from, TimeOnly? until) => new()
    {
        PreferredChannel = PreferredChannel,
        PreferredTimes = Blank(PreferredTimes),
        PreferredDays = days,
        PreferredFrom = from,
        PreferredUntil = until,
        Style = Style,
        Language = Blank(Language),
        TechnicalAwareness = TechnicalAwareness,
        NeedsRelayService = NeedsRelayService,
        NeedsTranslator = NeedsTranslator,
        NeedsLargePrint = NeedsLargePrint,
        NeedsExtraTime = NeedsExtraTime,
        OtherAccessibilityNeeds = Blank(OtherAccessibilityNeeds),
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

/// <summary>Create a customer with its contact points and profile in one call.</summary>
public sealed record CreateCustomerRequest(
    [property: Required, StringLength(Customer.NameMaxLength, MinimumLength = 1), NoControlCharacters] string Name,
    CustomerKind Kind = CustomerKind.External,
    PartyType Type = PartyType.Person,
    [property: StringLength(200)] string? Organisation = null,
    List<ContactPointRequest>? ContactPoints = null,
    CommunicationProfileRequest? Profile = null,
    DateTime? CustomerSince = null);

/// <summary>Replace the customer's descriptive fields and profile (contact points have their own endpoints).</summary>
public sealed record UpdateCustomerRequest(
    [property: Required, StringLength(Customer.NameMaxLength, MinimumLength = 1), NoControlCharacters] string Name,
    CustomerKind Kind,
    PartyType Type,
    [property: StringLength(200)] string? Organisation = null,
    CommunicationProfileRequest? Profile = null,
    [property: StringLength(1000)] string? Reason = null);

/// <summary>Merge the customer <see cref="DuplicateId"/> into the customer named in the URL.</summary>
public sealed record MergeCustomersRequest(Guid DuplicateId, [property: StringLength(1000)] string? Reason = null);

/// <summary>A note about the customer.</summary>
public sealed record AddNoteRequest([property: Required, StringLength(10_000, MinimumLength = 1)] string Body);

/// <summary>A confidential detail to record.</summary>
public sealed record AddConfidentialDetailRequest(
    [property: Required, StringLength(100, MinimumLength = 1)] string Label,
    [property: Required, StringLength(2_000, MinimumLength = 1)] string Value,
    Confidentiality Level);

/// <summary>
/// A way to reach the customer. <see cref="Warning"/> is set for a phone number kept although the phone-number data does
/// not know it as in use (a new range): it is stored and matched like any other, but worth a second look.
/// </summary>
public sealed record ContactPointDto(Guid Id, ContactPointType Type, string Value, string Normalized, string? Network, string? Label,
    DateTime? FailingSince = null, string? FailureReason = null, string? Warning = null);

public sealed record CommunicationProfileDto(
    Channel PreferredChannel, string? PreferredTimes, Formality Style, string? Language, TechnicalAwareness TechnicalAwareness,
    bool NeedsRelayService, bool NeedsTranslator, bool NeedsLargePrint, bool NeedsExtraTime, string? OtherAccessibilityNeeds,
    bool HasAccessibilityNeeds, IReadOnlyList<string>? PreferredDays = null, string? PreferredFrom = null, string? PreferredUntil = null,
    string? PreferredWindow = null);

/// <summary>A confidential detail as listed on the record: label and level only, never the value.</summary>
public sealed record ConfidentialFieldDto(Guid Id, string Label, Confidentiality Level);

/// <summary>A confidential detail with its value, returned only to allowed roles; every such read is audited.</summary>
public sealed record RevealedConfidentialDto(Guid Id, string Label, Confidentiality Level, string Value);

public sealed record CustomerDto(
    Guid Id, string Name, PartyType Type, CustomerKind Kind, string? Organisation, DateTime CustomerSince,
    DateTime? LastContactAt, CommunicationProfileDto Profile, IReadOnlyList<ContactPointDto> ContactPoints,
    IReadOnlyList<ConfidentialFieldDto> ConfidentialFields, DateTime CreatedAt, DateTime UpdatedAt, string Version);

public sealed record CustomerSummaryDto(
    Guid Id, string Name, PartyType Type, CustomerKind Kind, string? Organisation, string? PrimaryEmail, string? PrimaryPhone,
    DateTime CustomerSince, DateTime? LastContactAt, bool HasAccessibilityNeeds);

public sealed record NoteDto(Guid Id, string Body, string AuthorName, DateTime CreatedAt);

public static class CustomerMapping
{
    public static CustomerDto ToDto(this Customer c) => new(
        c.Id, c.Name, c.Type, c.Kind, c.Organisation, c.CustomerSince, c.LastContactAt, c.Profile.ToDto(),
        c.ContactPoints.OrderBy(p => p.Type).ThenBy(p => p.Id).Select(p => p.ToDto()).ToList(),
        c.ConfidentialDetails.OrderBy(d => d.Id).Select(d => new ConfidentialFieldDto(d.Id, d.Label, d.Level)).ToList(),
        c.CreatedAt, c.UpdatedAt, c.Version.ToString("N"));

    public static ContactPointDto ToDto(this ContactPoint p) => new(p.Id, p.Type, p.Value, p.Normalized, p.Network, p.Label, p.FailingSince, p.FailureReason,
        p.Type == ContactPointType.Phone ? PhoneNumberRule.WarningFor(p.Normalized) : null);

    public static CommunicationProfileDto ToDto(this CommunicationProfile p) => new(
        p.PreferredChannel, p.PreferredTimes, p.Style, p.Language, p.TechnicalAwareness, p.NeedsRelayService,
        p.NeedsTranslator, p.NeedsLargePrint, p.NeedsExtraTime, p.OtherAccessibilityNeeds, p.HasAccessibilityNeeds,
        PreferredTimeWindow.DayList(p.PreferredDays), PreferredTimeWindow.TimeText(p.PreferredFrom), PreferredTimeWindow.TimeText(p.PreferredUntil),
        PreferredTimeWindow.Describe(p));

    public static NoteDto ToDto(this CustomerNote n) => new(n.Id, n.Body, n.AuthorName, n.CreatedAt);

    public static CommunicationProfileRequest ToRequest(this CommunicationProfile p) => new(
        p.PreferredChannel, p.PreferredTimes, p.Style, p.Language, p.TechnicalAwareness, p.NeedsRelayService,
        p.NeedsTranslator, p.NeedsLargePrint, p.NeedsExtraTime, p.OtherAccessibilityNeeds,
        PreferredTimeWindow.DayList(p.PreferredDays), PreferredTimeWindow.TimeText(p.PreferredFrom), PreferredTimeWindow.TimeText(p.PreferredUntil));
}
