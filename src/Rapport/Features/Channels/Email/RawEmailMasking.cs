using System.Security.Cryptography;
using System.Text;
using MimeKit;
using Rapport.Features.Conversations;

namespace Rapport.Features.Channels.Email;

/// <summary>
/// The kept copy of a received email holds no readable card number (PCI DSS 3.4), like everything else stored: card
/// numbers are masked in every text part and header, decoded first (base64, quoted-printable), and in the bytes as a
/// last pass for what a parser cannot decode. What was received stays provable: the SHA-256 of the original bytes is
/// written into the kept copy (<see cref="OriginalHashHeader"/>). An email without a card number is kept byte for byte.
/// </summary>
public static class RawEmailMasking
{
    public const string OriginalHashHeader = "X-Rapport-Original-SHA256";
    public const string MaskedHeader = "X-Rapport-Masked";

    public static byte[] Mask(byte[] raw)
    {
        var latin1 = Encoding.Latin1.GetString(raw);
        var mimeMasked = MaskParts(raw);
        var plainChanged = CardNumbers.Mask(latin1) != latin1;
        if (mimeMasked is null && !plainChanged)
        {
            return raw;
        }

        var result = mimeMasked ?? raw;
        // Latin-1 maps every byte to one char and back, so masking digits here keeps the rest of the message as it was.
        var bytes = Encoding.Latin1.GetString(result);
        var masked = CardNumbers.Mask(bytes)!.Replace('•', '*');
        var hash = Convert.ToHexStringLower(SHA256.HashData(raw));
        var headers = $"{OriginalHashHeader}: {hash}\r\n{MaskedHeader}: card numbers masked before storage\r\n";
        return Encoding.Latin1.GetBytes(headers + masked);
    }

    /// <summary>The message re-written with its decoded text masked, or null when no decoded text held a card number.</summary>
    private static byte[]? MaskParts(byte[] raw)
    {
        MimeMessage message;
        try
        {
            message = MimeMessage.Load(new MemoryStream(raw));
        }
        catch (FormatException)
        {
            return null; // not MIME at all: the byte pass covers it
        }

        if (!MaskMessage(message))
        {
            return null;
        }

        using var output = new MemoryStream();
        message.WriteTo(output);
        return output.ToArray();
    }

    private static bool MaskMessage(MimeMessage message)
    {
        var changed = MaskHeaders(message.Headers);
        foreach (var entity in message.BodyParts.Concat(message.Body is null ? [] : [message.Body]).Distinct())
        {
            changed |= MaskHeaders(entity.Headers);
            switch (entity)
            {
                case TextPart text when !text.IsAttachment || text.FileName is null:
                    var original = text.Text;
                    var masked = CardNumbers.Mask(original);
                    if (masked != original)
                    {
                        text.SetText(text.ContentType.CharsetEncoding ?? Encoding.UTF8, masked!);
                        changed = true;
                    }

                    break;
                case MessagePart { Message: { } inner }:
                    changed |= MaskMessage(inner);
                    break;
            }
        }

        return changed;
    }

    private static bool MaskHeaders(HeaderList headers)
    {
        var changed = false;
        foreach (var header in headers)
        {
            if (header.Id is HeaderId.MessageId or HeaderId.InReplyTo or HeaderId.References or HeaderId.ContentType
                or HeaderId.ContentTransferEncoding or HeaderId.ContentId or HeaderId.DkimSignature or HeaderId.Received)
            {
                continue; // structure and identifiers, not text anyone typed
            }

            var value = header.Value;
            var masked = CardNumbers.Mask(value);
            if (masked != value)
            {
                header.SetValue(Encoding.UTF8, masked!);
                changed = true;
            }
        }

        return changed;
    }
}
