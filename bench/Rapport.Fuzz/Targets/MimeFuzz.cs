using System.Text;
using CsCheck;
using Rapport.Features.Channels.Email;
using Rapport.Features.Conversations;
using Rapport.Features.Customers;
using Rapport.TestData;

namespace Rapport.Fuzz;

/// <summary>
/// The MIME parser over the real test emails mutated, MIME built from a grammar of real and broken headers and parts, and
/// random bytes. Property (as EmailParserProperties): never throws, and yields a message ingestion accepts with only
/// storable text (no NUL, no half surrogate pair).
/// </summary>
public static class MimeFuzz
{
    private static readonly Lazy<byte[][]> RealEmails = new(() => TestEmails.All.Select(TestEmails.Read).ToArray());
    private static readonly InboundPreparation Ingestion = new(new ContactPointRules("GB"), TimeProvider.System);

    private static readonly Gen<string> Header = Gen.OneOfConst(
        "From: Ann <ann@example.com>", "From: =?utf-8?B?Zm9vLCBiYXI=?= <foo@example.com>", "From: root@localhost", "From: <>", "From: a@b@c",
        "From: MAILER-DAEMON", "From: postmaster@example.com", "Reply-To: x", "Reply-To: \"\" <>", "To: ", "Cc: ,,,",
        "Subject: =?iso-2022-jp?B?GyRCRnxLXDhsGyhC?=", "Subject: =?utf-16?B?AEgAaQ==?=", "Subject: =?koi8-r?Q?=DB?=", "Subject: =?utf-8?B?7aCA?=",
        "Message-ID: <" + new string('m', 700) + "@x>", "Message-ID: <>", "In-Reply-To: <a@b> <a@b>", "References: <" + new string('r', 600) + "@x>",
        "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=b", "Content-Type: multipart/alternative; boundary=\"b\"",
        "Content-Type: multipart/digest; boundary=b", "Content-Type: message/rfc822", "Content-Type: application/ms-tnef; name=winmail.dat",
        "Content-Type: text/plain; charset=x-unknown", "Content-Type: text/html; charset=shift_jis", "Content-Type: text/plain; charset=utf-7",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=b", "Content-Type: multipart/report; report-type=feedback-report; boundary=b",
        "Content-Type: multipart/report; report-type=disposition-notification; boundary=b", "Content-Disposition: attachment; filename=\"../../x\"",
        "Content-Disposition: inline; filename*=utf-8''%F0%9F%99%82", "Content-ID: <img1>", "Content-Transfer-Encoding: base64",
        "Content-Transfer-Encoding: quoted-printable", "Content-Transfer-Encoding: x-uuencode", "Content-Transfer-Encoding: binary",
        "Auto-Submitted: auto-replied", "Precedence: bulk", "List-Id: <list.example.com>", "Disposition-Notification-To: a@b", "Date: not a date",
        "Date: Mon, 31 Feb 2026 25:61:61 +9999", "\u00a0Content-Type: text/html", "\ufeffFrom: spoof@paypal.example", " folded continuation", "X-\0: nul");

    private static readonly Gen<string> BodyLine = Gen.OneOf(
        Gen.OneOfConst("--b", "--b--", "--c", "", " ", "Content-Type: text/plain", "Content-Type: message/delivery-status", "Content-Type: message/rfc822",
            "Final-Recipient: rfc822; x@y.z", "Action: failed", "Action: delayed", "Status: 5.1.1", "Diagnostic-Code: smtp; 550 5.1.1 User unknown",
            "Original-Message-ID: <a@b>", "Feedback-Type: abuse", "=E2=9C=94 =", "=00=FF", "SGVsbG8=", "AAAA", "begin 644 x.txt", "4111 1111 1111 1111",
            "<script>alert(1)</script>", "<p>Hi <img src=\"cid:img1\"></p>", "> quoted", "On Mon, Ann wrote:", "\0"),
        Gen.String[Gen.Char.AlphaNumeric, 0, 40]);

    private static readonly Gen<byte[]> MimeLike = Gen.Select(Header.Array[0, 14], BodyLine.Array[0, 30], Gen.Bool,
        (headers, body, crlf) => Encoding.UTF8.GetBytes(string.Join(crlf ? "\r\n" : "\n", headers.Append("").Concat(body))));

    /// <summary>One case: a real email mutated (half), MIME from the grammar, a real email with grammar lines spliced in, or random bytes.</summary>
    public static byte[] Generate(PCG random)
    {
        var real = RealEmails.Value;
        var email = random.OneOf(real);
        return random.Below(10) switch
        {
            < 4 => Nasty.Mutate(random, email),
            < 6 => random.Draw(MimeLike),
            < 8 => Spliced(random, email),
            8 => email[..random.Below(email.Length)],
            _ => Nasty.RandomBytes(random, 4000),
        };
    }

    private static byte[] Spliced(PCG random, byte[] email)
    {
        var lines = Encoding.Latin1.GetString(email).Split('\n').ToList();
        for (var k = random.Below(4) + 1; k > 0; k--)
        {
            var line = random.Chance(50) ? random.Draw(Header) : random.Draw(BodyLine);
            lines.Insert(random.Below(lines.Count + 1), line + "\r");
        }

        return Encoding.Latin1.GetBytes(string.Join('\n', lines));
    }

    /// <summary>Null when the parsed message is one ingestion accepts with storable text; else what is wrong.</summary>
    public static string? Check(byte[] raw)
    {
        var parsed = EmailParser.Parse(raw, "<fallback.1@rapport.invalid>");
        var prepared = Ingestion.Prepare(parsed.Message); // throws if the pipeline would refuse it
        if (string.IsNullOrWhiteSpace(parsed.Message.Text))
        {
            return "The parsed message has no text.";
        }

        var texts = new[] { prepared.Text, prepared.Html, prepared.Subject, prepared.SenderName, prepared.SenderDisplay, prepared.To, prepared.InReplyTo,
            prepared.ProviderMessageId, prepared.ParseWarning }.Concat(prepared.References)
            .Concat((prepared.Attachments ?? []).SelectMany(a => new[] { a.ToEntity(Guid.Empty).FileName, a.ToEntity(Guid.Empty).MediaType }));
        return texts.FirstOrDefault(t => t is not null && StorableText.Clean(t) != t) is { } bad
            ? $"Unstorable text in the parsed message: {bad[..Math.Min(80, bad.Length)]}"
            : null;
    }

    public static Task<FuzzReport> RunAsync(int cases, ulong seed, int? onlyCase = null, Action<string>? progress = null) =>
        FuzzRun.RunAsync("mime", cases, seed, (random, report) =>
        {
            var failure = Check(Generate(random));
            report.Count(failure is null ? "accepted" : "refused");
            return Task.FromResult(failure);
        }, onlyCase, progress);
}
