using System.Text;

namespace Rapport.TestData;

/// <summary>
/// Emails written for these tests, each standing for a kind of real mail that was once hidden from agents or read wrongly
/// (issue 14). Bodies are as the senders' software writes them; addresses are on example domains.
/// </summary>
public static class MailCorpus
{
    /// <summary>The bytes as an IMAP server stores them (CRLF line ends).</summary>
    public static byte[] Bytes(string mail) => Encoding.UTF8.GetBytes(mail.ReplaceLineEndings("\r\n"));

    /// <summary>A person's question to a mailing list (Mailman adds Precedence: bulk and List-Id): a message, marked as list mail.</summary>
    public static string ListMailByAPerson(string id = "list-1@lists.example.org") => $"""
        From: Priya Raman <priya@members.example.org>
        To: users@lists.example.org
        Subject: [users] How do I export last year's invoices?
        Date: Tue, 01 Dec 2026 09:15:00 +0000
        Message-ID: <{id}>
        Precedence: bulk
        List-Id: Users of the product <users.lists.example.org>
        List-Unsubscribe: <mailto:users-leave@lists.example.org>
        Content-Type: text/plain; charset=utf-8

        Hello all, how do I export last year's invoices as one spreadsheet? Thanks, Priya

        """;

    /// <summary>A person who runs a mail server writing from postmaster@ about an ordinary matter: a message, not a bounce.</summary>
    public static string PostmasterWritingAsAPerson(string id = "pm-1@shop.example") => $"""
        From: Shop Postmaster <postmaster@shop.example>
        To: help@rapport.test
        Subject: Question about your DMARC reports
        Date: Tue, 01 Dec 2026 10:00:00 +0000
        Message-ID: <{id}>
        Content-Type: text/plain; charset=utf-8

        Hi, I look after mail at shop.example. Could you send your aggregate reports weekly instead of daily?
        Regards, Lars

        """;

    /// <summary>An iPhone/Yahoo path that sends the message with a whitespace-only first line; headers and attachment must still be read.</summary>
    public static string BeginsWithAWhitespaceLine(string id = "ws-1@phone.example") => $" \n" + $"""
        From: Jonas Berg <jonas@phone.example>
        To: help@rapport.test
        Subject: Photo of the broken part
        Date: Tue, 01 Dec 2026 11:00:00 +0000
        Message-ID: <{id}>
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="b1"

        --b1
        Content-Type: text/plain; charset=utf-8

        Here is the photo of the broken hinge.
        --b1
        Content-Type: image/png; name="hinge.png"
        Content-Disposition: attachment; filename="hinge.png"
        Content-Transfer-Encoding: base64

        iVBORw0KGgo=
        --b1--

        """;

    /// <summary>A templated sender that puts one fixed Message-ID on every email: each one, from whoever, is a different message.</summary>
    public static string ReusedMessageId(string from, string subject, string text, string id = "fixed@template.example") => $"""
        From: {from}
        To: help@rapport.test
        Subject: {subject}
        Date: Tue, 01 Dec 2026 12:00:00 +0000
        Message-ID: <{id}>
        Content-Type: text/plain; charset=utf-8

        {text}

        """;

    /// <summary>Postfix telling the sender delivery is delayed and still being retried (DSN action: delayed): not a failure.</summary>
    public static string DelayedDeliveryNotice(string recipient, string id = "delay-1@mx.example.net") => $"""
        From: MAILER-DAEMON@mx.example.net (Mail Delivery System)
        To: help@rapport.test
        Subject: Delayed Mail (still being retried)
        Date: Tue, 01 Dec 2026 13:00:00 +0000
        Message-ID: <{id}>
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status; boundary="r1"

        --r1
        Content-Type: text/plain; charset=us-ascii

        This is the mail system at host mx.example.net.
        Your message could not be delivered for 4 hours. It will be retried until it is 5 days old.
        --r1
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mx.example.net

        Final-Recipient: rfc822; {recipient}
        Action: delayed
        Status: 4.4.1
        Diagnostic-Code: X-Postfix; connect to mx.customer.example[192.0.2.1]:25: Connection timed out
        --r1--

        """;

    /// <summary>qmail's plain-text bounce from a bare MAILER-DAEMON (no domain, no delivery-status part).</summary>
    public static string PlainTextBounceFromBareMailerDaemon(string recipient, string id = "qmail-1@mx.example.net") => $"""
        From: MAILER-DAEMON
        To: help@rapport.test
        Subject: failure notice
        Date: Tue, 01 Dec 2026 14:00:00 +0000
        Message-ID: <{id}>
        Content-Type: text/plain; charset=us-ascii

        Hi. This is the qmail-send program at mx.example.net.
        I'm afraid I wasn't able to deliver your message to the following addresses.
        This is a permanent error; I've given up. Sorry it didn't work out.

        <{recipient}>:
        550 5.1.1 <{recipient}>: Recipient address rejected: User unknown

        --- Below this line is a copy of the message.

        Return-Path: <help@rapport.test>
        From: help@rapport.test
        To: {recipient}
        Subject: Re: Your order

        Your order has shipped.

        """;

    /// <summary>An Exchange-style bounce from post_master@ naming the failed address only in its text.</summary>
    public static string BounceFromPostUnderscoreMaster(string recipient, string id = "ndr-1@mx.example.org") => $"""
        From: Mail System <post_master@mx.example.org>
        To: help@rapport.test
        Subject: Undeliverable: Re: Your order
        Date: Tue, 01 Dec 2026 15:00:00 +0000
        Message-ID: <{id}>
        Content-Type: text/plain; charset=us-ascii

        Delivery has failed to these recipients or groups:

        {recipient}
        The email address you entered couldn't be found.

        Remote Server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup'

        """;

    /// <summary>An ISP's abuse report (RFC 5965 feedback-report) about mail the help desk sent: never a customer's conversation.</summary>
    public static string AbuseReport(string id = "arf-1@isp.example") => $"""
        From: Abuse Desk <abuse@isp.example>
        To: help@rapport.test
        Subject: Abuse report for mail from rapport.test
        Date: Tue, 01 Dec 2026 16:00:00 +0000
        Message-ID: <{id}>
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=feedback-report; boundary="f1"

        --f1
        Content-Type: text/plain; charset=us-ascii

        This is an email abuse report for an email message received from IP 192.0.2.25.
        --f1
        Content-Type: message/feedback-report

        Feedback-Type: abuse
        User-Agent: ISP-FBL/1.0
        Version: 1
        --f1
        Content-Type: message/rfc822

        From: help@rapport.test
        To: someone@isp.example
        Subject: Re: Your order
        Message-ID: <reply-x@rapport.test>

        Your order has shipped.
        --f1--

        """;

    /// <summary>A customer forwarding an email inline (message/rfc822, no Content-Disposition), as Apple Mail and some webmail do.</summary>
    public static string ForwardedInline(string id = "fwd-1@customer.example") => $"""
        From: Mia Lund <mia@customer.example>
        To: help@rapport.test
        Subject: Fwd: Your invoice 4411
        Date: Tue, 01 Dec 2026 17:00:00 +0000
        Message-ID: <{id}>
        MIME-Version: 1.0
        Content-Type: message/rfc822

        From: Billing <billing@vendor.example>
        To: mia@customer.example
        Subject: Your invoice 4411
        Date: Mon, 30 Nov 2026 08:00:00 +0000

        The total of invoice 4411 is 120 EUR, due on 15 December.

        """;

    /// <summary>A mailing list digest (multipart/digest): each message's words must be readable.</summary>
    public static string Digest(string id = "digest-1@lists.example.org") => $"""
        From: users-request@lists.example.org
        To: help@rapport.test
        Subject: users Digest, Vol 12, Issue 3
        Date: Tue, 01 Dec 2026 18:00:00 +0000
        Message-ID: <{id}>
        MIME-Version: 1.0
        Content-Type: multipart/digest; boundary="d1"

        --d1

        From: Omar <omar@members.example.org>
        Subject: Calendar sync stopped

        Since Monday the calendar sync stopped working for me.
        --d1

        From: Lea <lea@members.example.org>
        Subject: Re: Calendar sync stopped

        Same here; reconnecting the account fixed it.
        --d1--

        """;

    /// <summary>An employee writing from her own address with Reply-To set to her team's ticket address (a shared inbox).</summary>
    public static string WithReplyTo(string id = "rt-1@corp.example") => $"""
        From: Ann Example <ann@corp.example>
        Reply-To: Corp Tickets <tickets@corp.example>
        To: help@rapport.test
        Subject: Licence renewal
        Date: Tue, 01 Dec 2026 19:00:00 +0000
        Message-ID: <{id}>
        Content-Type: text/plain; charset=utf-8

        Please send the renewal quote to our ticket address.

        """;

    /// <summary>An out-of-office reply (RFC 3834 Auto-Submitted) to a message that is not in Rapport: it waits in the automatic mail view.</summary>
    public static string OutOfOffice(string from, string id = "ooo-1@corp.example") => $"""
        From: {from}
        To: help@rapport.test
        Subject: Out of office: Licence renewal
        Date: Tue, 01 Dec 2026 20:00:00 +0000
        Message-ID: <{id}>
        Auto-Submitted: auto-replied
        Content-Type: text/plain; charset=utf-8

        I am away until 14 December and read no mail; for urgent matters call the front desk.

        """;
}
