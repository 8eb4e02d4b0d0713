using System.Text;
using CsCheck;
using Rapport.Features.Channels.Email;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.TestData;

namespace Rapport.UnitTests.Channels.Email;

/// <summary>
/// Whatever bytes arrive from a mail server, the parser answers with a message the ingestion pipeline accepts: never an
/// exception (which would stop the mailbox at that UID), never empty text, never a message validation would refuse.
/// </summary>
public sealed class EmailParserProperties
{
    private static readonly InboundPreparation Ingestion = new(new ContactPointRules("GB"), TimeProvider.System);
    private static readonly byte[][] RealEmails = TestEmails.All.Select(TestEmails.Read).ToArray();

    private static bool ParsesIntoAnAcceptableMessage(byte[] raw)
    {
        var parsed = EmailParser.Parse(raw, "<fallback.1@rapport.invalid>");
        var prepared = Ingestion.Prepare(parsed.Message); // throws if the pipeline would refuse it
        // PostgreSQL refuses U+0000 in text, and half a surrogate pair is not storable Unicode anywhere.
        var texts = new[] { prepared.Text, prepared.Html, prepared.Subject, prepared.SenderName, prepared.SenderDisplay, prepared.To, prepared.InReplyTo,
            prepared.ProviderMessageId, prepared.ParseWarning }.Concat(prepared.References)
            .Concat((prepared.Attachments ?? []).SelectMany(a => new[] { a.ToEntity(Guid.Empty).FileName, a.ToEntity(Guid.Empty).MediaType }));
        return !string.IsNullOrWhiteSpace(parsed.Message.Text) && texts.All(t => t is null || StorableText.Clean(t) == t);
    }

    // Pieces real (and broken) MIME is made of, so random messages reach the parser's deeper paths.
    private static readonly Gen<string> Header = Gen.OneOfConst(
        "From: Ann <ann@example.com>", "From: =?utf-8?B?Zm9vLCBiYXI=?= <foo@example.com>", "From: root@localhost", "From: <>", "From: a@b@c",
        "Reply-To: x", "To: ", "Subject: =?iso-2022-jp?B?GyRCRnxLXDhsGyhC?=", "Subject: =?utf-16?B?AEgAaQ==?=", "Subject: =?koi8-r?Q?=DB?=",
        "Message-ID: <" + new string('m', 700) + "@x>", "Message-ID: <>", "In-Reply-To: <a@b> <a@b>", "References: <" + new string('r', 600) + "@x>",
        "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=b", "Content-Type: multipart/alternative; boundary=\"b\"",
        "Content-Type: text/plain; charset=x-unknown", "Content-Type: text/html; charset=shift_jis", "Content-Type: multipart/report; report-type=delivery-status; boundary=b",
        "Content-Transfer-Encoding: base64", "Content-Transfer-Encoding: quoted-printable", "Content-Transfer-Encoding: x-uuencode",
        "Auto-Submitted: auto-replied", "Date: not a date", "\u00a0Content-Type: text/html", "\ufeffFrom: spoof@paypal.example");

    private static readonly Gen<string> BodyLine = Gen.OneOf(
        Gen.OneOfConst("--b", "--b--", "--c", "", "Content-Type: text/plain", "Content-Type: message/delivery-status", "Final-Recipient: rfc822; x@y.z",
            "=E2=9C=94 =", "SGVsbG8=", "4111 1111 1111 1111", "<script>alert(1)</script>", "<p>Hi</p>"),
        Gen.String[Gen.Char.AlphaNumeric, 0, 40]);

    private static readonly Gen<byte[]> MimeLike = Gen.Select(Header.Array[0, 12], BodyLine.Array[0, 20], Gen.Bool,
        (headers, body, crlf) => Encoding.UTF8.GetBytes(string.Join(crlf ? "\r\n" : "\n", headers.Append("").Concat(body))));

    // Found by rapport-fuzz (seed 20261205, case 59127): a To header of emoji past its 500-unit limit was cut between the
    // two halves of a surrogate pair, and the message could not be stored.
    [Fact]
    public void Long_headers_of_emoji_are_cut_whole()
    {
        var emoji = string.Concat(Enumerable.Repeat("🙂", 400));
        var raw = Encoding.UTF8.GetBytes($"From: Ann <ann@example.com>\r\nTo: \"{emoji}\" <a@example.com>, !ar{emoji}\r\n" +
            $"Subject: {emoji}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHi\r\n");
        Assert.True(ParsesIntoAnAcceptableMessage(raw));
    }

    [Fact]
    public void Random_bytes_never_make_the_parser_throw()
    {
        Gen.Byte.Array[0, 4000].Sample(ParsesIntoAnAcceptableMessage, iter: PropertyRuns.Iterations);
    }

    [Fact]
    public void Random_mime_like_messages_parse_into_acceptable_messages()
    {
        MimeLike.Sample(ParsesIntoAnAcceptableMessage, iter: PropertyRuns.Iterations);
    }

    [Fact]
    public void Every_truncation_of_a_real_email_parses_into_an_acceptable_message()
    {
        Gen.Int[0, RealEmails.Length - 1].SelectMany(i => Gen.Int[0, RealEmails[i].Length].Select(n => RealEmails[i][..n]))
            .Sample(ParsesIntoAnAcceptableMessage, iter: PropertyRuns.Iterations / 10);
    }

    [Fact]
    public void Real_emails_with_random_bytes_overwritten_parse_into_acceptable_messages()
    {
        Gen.Select(Gen.Int[0, RealEmails.Length - 1], Gen.Int.Array[1, 20], Gen.Byte.Array[20], (i, positions, bytes) =>
        {
            var copy = (byte[])RealEmails[i].Clone();
            for (var k = 0; k < positions.Length; k++)
            {
                copy[(int)((uint)positions[k] % (uint)copy.Length)] = bytes[k];
            }

            return copy;
        }).Sample(ParsesIntoAnAcceptableMessage, iter: PropertyRuns.Iterations / 10);
    }

    [Theory]
    [MemberData(nameof(EmailParserTests.AllEmails), MemberType = typeof(EmailParserTests))]
    public void Every_real_email_parses_into_a_message_ingestion_accepts(string name)
    {
        Assert.True(ParsesIntoAnAcceptableMessage(TestEmails.Read(name)));
    }
}
