namespace Rapport.Features.Channels.Messaging;

public enum SmsEncoding { Gsm7, Ucs2 }

/// <summary>How many SMS a text costs and in which encoding, as the agent types it.</summary>
public sealed record SmsLength(SmsEncoding Encoding, int Units, int Segments, int PerSegment);

/// <summary>
/// GSM 03.38: a text made only of the GSM 7-bit alphabet fits 160 characters in one SMS (153 per part when split),
/// characters of the extension table (€ [ ] { } ^ ~ \ | and form feed) count twice; any other character turns the
/// whole message into UCS-2, 70 UTF-16 units (67 per part), where an emoji counts two.
/// </summary>
public static class SmsSegments
{
    private const string Basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "\f^{}\\[~]|€";

    public static SmsLength Of(string text)
    {
        var units = 0;
        foreach (var c in text)
        {
            if (Basic.Contains(c))
            {
                units++;
            }
            else if (Extension.Contains(c))
            {
                units += 2;
            }
            else
            {
                return Count(SmsEncoding.Ucs2, text.Length, 70, 67);
            }
        }

        return Count(SmsEncoding.Gsm7, units, 160, 153);
    }

    private static SmsLength Count(SmsEncoding encoding, int units, int single, int part) =>
        units <= single ? new SmsLength(encoding, units, units == 0 ? 0 : 1, single)
            : new SmsLength(encoding, units, (units + part - 1) / part, part);
}
