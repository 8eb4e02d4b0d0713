using Rapport.Infrastructure.Data;

namespace Rapport.Features.Customers;

/// <summary>How this customer wants to be talked to (C2). Owned by the customer; shown wherever the customer is.</summary>
public sealed class CommunicationProfile
{
    public Channel PreferredChannel { get; set; }
    /// <summary>Free text such as "weekdays after 6pm".</summary>
    [FreeText]
    public string? PreferredTimes { get; set; }
    /// <summary>The days of the preferred window (<see cref="PreferredTimeWindow"/>); none means any day.</summary>
    public PreferredDays PreferredDays { get; set; }
    /// <summary>The preferred window's hours, in the organisation's time zone; both or neither.</summary>
    public TimeOnly? PreferredFrom { get; set; }
    public TimeOnly? PreferredUntil { get; set; }
    public Formality Style { get; set; }
    /// <summary>BCP 47 language tag, e.g. "en-GB", "fr".</summary>
    public string? Language { get; set; }
    public TechnicalAwareness TechnicalAwareness { get; set; }
    public bool NeedsRelayService { get; set; }
    public bool NeedsTranslator { get; set; }
    public bool NeedsLargePrint { get; set; }
    public bool NeedsExtraTime { get; set; }
    [FreeText]
    public string? OtherAccessibilityNeeds { get; set; }

    public bool HasAccessibilityNeeds =>
        NeedsRelayService || NeedsTranslator || NeedsLargePrint || NeedsExtraTime || !string.IsNullOrWhiteSpace(OtherAccessibilityNeeds);

    /// <summary>Fills fields this profile leaves unknown from another (used when merging duplicates).</summary>
    public void FillGapsFrom(CommunicationProfile other)
    {
        if (PreferredChannel == Channel.None) PreferredChannel = other.PreferredChannel;
        PreferredTimes ??= other.PreferredTimes;
        if (!PreferredTimeWindow.HasWindow(this))
        {
            (PreferredDays, PreferredFrom, PreferredUntil) = (other.PreferredDays, other.PreferredFrom, other.PreferredUntil);
        }

        if (Style == Formality.Unknown) Style = other.Style;
        Language ??= other.Language;
        if (TechnicalAwareness == TechnicalAwareness.Unknown) TechnicalAwareness = other.TechnicalAwareness;
        NeedsRelayService |= other.NeedsRelayService;
        NeedsTranslator |= other.NeedsTranslator;
        NeedsLargePrint |= other.NeedsLargePrint;
        NeedsExtraTime |= other.NeedsExtraTime;
        OtherAccessibilityNeeds ??= other.OtherAccessibilityNeeds;
    }
}
