namespace Rapport.Features.Templates;

/// <summary>How many parts an SMS is sent in, and in which encoding (3GPP TS 23.038).</summary>
public sealed record SmsSegmentCount(string Encoding, int Characters, int Segments, int PerSegment);

/// <summary>
/// Counts SMS segments as carriers do: text made only of the GSM 03.38 alphabet goes as GSM-7 (160 septets alone,
/// 153 per part when split, the extension characters taking two septets each); anything else as UCS-2 (70 UTF-16 code
/// units alone, 67 per part). A character outside the alphabet turns the whole message UCS-2, which is what agents need to
/// see: one emoji or curly quote can double the cost.
/// </summary>
public static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "^{}\\[~]|€\f";

    public static SmsSegmentCount Count(string text)
    {
        var septets = 0;
        foreach (var ch in text)
        {
            if (Extension.Contains(ch, StringComparison.Ordinal))
            {
                septets += 2;
            }
            else if (Basic.Contains(ch, StringComparison.Ordinal))
            {
                septets++;
            }
            else
            {
                return Split("UCS-2", text.Length, 70, 67);
            }
        }

        return Split("GSM-7", septets, 160, 153);
    }

    private static SmsSegmentCount Split(string encoding, int units, int single, int part) =>
        units <= single
            ? new(encoding, units, units == 0 ? 0 : 1, single)
            : new(encoding, units, (units + part - 1) / part, part);
}
