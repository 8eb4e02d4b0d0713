using System.Security.Cryptography;
using System.Text;
using MimeKit;
using Rapport.Features.Channels.Email;
using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Channels.Email;

public sealed class RawEmailMaskingTests
{
    private static byte[] Email(params string[] lines) => Encoding.ASCII.GetBytes(string.Join("\r\n", lines));

    private static bool HoldsCard(string? text) => text is null || CardNumbers.Mask(text) != text;

    [Fact]
    public void An_email_without_a_card_number_is_kept_byte_for_byte()
    {
        var raw = Email("From: a@example.com", "Subject: Order 12345", "Message-ID: <x@example.com>", "", "Call me on 020 7946 0000.", "");

        Assert.Same(raw, RawEmailMasking.Mask(raw));
    }

    [Theory]
    [InlineData("7bit")]
    [InlineData("base64")]
    [InlineData("quoted-printable")]
    public void A_card_number_in_any_transfer_encoding_and_in_the_subject_is_masked_and_the_original_hash_kept(string encoding)
    {
        var body = "Please charge 4111 1111 1111 1111 today.";
        var encoded = encoding switch
        {
            "base64" => Convert.ToBase64String(Encoding.UTF8.GetBytes(body)),
            "quoted-printable" => "Please charge 4111 1111 =\r\n1111 1111 today.",
            _ => body,
        };
        var raw = Email("From: a@example.com", "Subject: Card 5555-5555-5555-4444", "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8", $"Content-Transfer-Encoding: {encoding}", "", encoded, "");

        var kept = RawEmailMasking.Mask(raw);

        var message = MimeMessage.Load(new MemoryStream(kept));
        Assert.False(HoldsCard(message.TextBody), message.TextBody);
        Assert.Contains("1111", message.TextBody ?? "", StringComparison.Ordinal); // the last four stay for reference
        Assert.False(HoldsCard(message.Subject), message.Subject);
        Assert.False(HoldsCard(Encoding.Latin1.GetString(kept)));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(raw)), message.Headers[RawEmailMasking.OriginalHashHeader]);
    }

    [Fact]
    public void A_card_number_in_a_forwarded_email_is_masked_too()
    {
        var raw = Email("From: a@example.com", "Subject: Fwd", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=b", "", "--b",
            "Content-Type: text/plain", "", "See below", "--b", "Content-Type: message/rfc822", "", "From: b@example.com", "Subject: old",
            "Content-Type: text/plain", "Content-Transfer-Encoding: base64", "",
            Convert.ToBase64String(Encoding.UTF8.GetBytes("card 4111111111111111")), "--b--", "");

        var kept = MimeMessage.Load(new MemoryStream(RawEmailMasking.Mask(raw)));

        var inner = kept.BodyParts.OfType<MessagePart>().Single().Message;
        Assert.False(HoldsCard(inner!.TextBody), inner.TextBody);
    }
}
