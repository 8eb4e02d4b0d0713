namespace Rapport.Features.Privacy;

/// <summary>
/// The current state of each purpose and channel, derived from the ledger: the newest entry that covers it decides
/// (by when the customer decided, then by when it was recorded). A withdrawal for every channel therefore ends an earlier
/// consent on each channel, and a later consent on one channel re-opens only that channel.
/// </summary>
public static class ConsentState
{
    /// <summary>The channels each purpose is asked about: marketing per channel, the others once for every channel.</summary>
    public static IReadOnlyList<(ConsentPurpose Purpose, ConsentChannel Channel)> Rows { get; } =
    [
        .. Enum.GetValues<ConsentChannel>().Where(c => c != ConsentChannel.All).Select(c => (ConsentPurpose.Marketing, c)),
        (ConsentPurpose.Surveys, ConsentChannel.All),
        (ConsentPurpose.CallRecording, ConsentChannel.All),
        (ConsentPurpose.SpecialCategoryData, ConsentChannel.All),
    ];

    /// <summary>The entry that decides <paramref name="purpose"/> on <paramref name="channel"/>, or null when nobody asked.</summary>
    public static ConsentRecord? Deciding(IEnumerable<ConsentRecord> ledger, ConsentPurpose purpose, ConsentChannel channel) =>
        ledger.Where(r => r.Purpose == purpose && (r.Channel == ConsentChannel.All || r.Channel == channel))
            .OrderBy(r => r.At).ThenBy(r => r.RecordedAt).ThenBy(r => r.Id).LastOrDefault();

    public static List<ConsentStateDto> Current(IReadOnlyCollection<ConsentRecord> ledger) =>
        Rows.Select(row => Deciding(ledger, row.Purpose, row.Channel) is { } d
                ? new ConsentStateDto(row.Purpose, row.Channel, d.Decision == ConsentDecision.Given, d.Decision, d.Basis, d.At, d.Id)
                : new ConsentStateDto(row.Purpose, row.Channel, false, null, null, null, null))
            .ToList();
}
