using System.Text;
using Rapport.Features.Channels.Email;

namespace Rapport.UnitTests.Channels.Email;

/// <summary>
/// A warning that delivery is late, written as plain text with no delivery-status part (Gmail's "Delivery Status
/// Notification (Delay)", Exim's and other servers' "has not yet been delivered ... will continue"), found in the real-mail
/// corpus run: it was taken for a bounce, which marks the customer's address as failing, or shown as a customer's
/// conversation. Each message here is written for the test and stands for one seen there.
/// </summary>
public sealed class PlainTextDelayNoticeTests
{
    private static ParsedEmail Parse(string raw) => EmailParser.Parse(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")), "<fallback@rapport.invalid>");

    [Fact]
    public void A_gmail_style_delay_warning_is_a_delay_notice_not_a_bounce()
    {
        var parsed = Parse("""
            From: Mail Delivery Subsystem <mailer-daemon@mail.example.net>
            To: help@example.com
            Subject: Delivery Status Notification (Delay)
            Date: Tue, 3 Mar 2026 10:00:00 +0000

            This is an automatically generated Delivery Status Notification

            THIS IS A WARNING MESSAGE ONLY.

            YOU DO NOT NEED TO RESEND YOUR MESSAGE.

            Delivery to the following recipient has been delayed:

                 erin@example.org

            Message will be retried for 2 more day(s)
            """);

        Assert.Equal(EmailKind.DelayNotice, parsed.Kind);
        Assert.Null(parsed.BouncedAddress);
        Assert.Contains("delayed", parsed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_exim_style_not_yet_delivered_warning_from_a_mailer_daemon_is_a_delay_notice()
    {
        var parsed = Parse("""
            From: Mail Delivery System <Mailer-Daemon@mx.example.net>
            To: help@example.com
            Subject: Warning: message 1aBcDe-0001Xy-00 delayed 24 hours

            This message was created automatically by mail delivery software.

            A message that you sent has not yet been delivered to one or more of its
            recipients after more than 24 hours on the queue on mx.example.net.

            No action is required on your part. Delivery attempts will continue for
            some time.
            """);

        Assert.Equal(EmailKind.DelayNotice, parsed.Kind);
        Assert.True(parsed.IsAutomatic);
    }

    [Fact]
    public void A_mailer_daemon_saying_it_gave_up_is_still_a_bounce()
    {
        var parsed = Parse("""
            From: MAILER-DAEMON@mx.example.net
            To: help@example.com
            Subject: Undelivered Mail Returned to Sender

            Delivery attempts will continue no longer: the message could not be delivered
            to erin@example.org after 5 days, giving up.
            """);

        Assert.Equal(EmailKind.Bounce, parsed.Kind);
    }

    [Fact]
    public void A_customer_writing_that_their_order_has_not_yet_been_delivered_is_a_message()
    {
        var parsed = Parse("""
            From: Frank Olsen <frank@example.org>
            To: help@example.com
            Subject: Delivery delayed?

            Hello, my order 5521 has not yet been delivered. Will you continue to try, or should I pick it up?
            """);

        Assert.Equal(EmailKind.Message, parsed.Kind);
        Assert.False(parsed.IsAutomatic);
    }
}

/// <summary>
/// Plain-text bounces from a mail server whose wording the classifier did not know (a qmail-style "I wasn't able to
/// deliver", "Unable to deliver message", "has NOT been delivered ... no longer valid"), seen in the real-mail corpus
/// run opening conversations with the mail server as a customer. Written for the test; they stand for those seen there.
/// </summary>
public sealed class PlainTextBounceWordingTests
{
    private static ParsedEmail Parse(string raw) => EmailParser.Parse(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")), "<fallback@rapport.invalid>");

    [Theory]
    [InlineData("failure delivery", "Unable to deliver message to the following address(es).\n<erin@example.org>:\nI'm not going to try again.")]
    [InlineData("Your message to erin@example.org could not be reached", "Your message has NOT been delivered: this address is wrong or no longer valid.")]
    [InlineData("", "I'm afraid I wasn't able to deliver the following message. This is a permanent error; I've given up.")]
    public void A_mailer_daemon_with_a_known_failure_wording_is_a_bounce(string subject, string text)
    {
        var parsed = Parse($"From: MAILER-DAEMON@mx.example.net\nTo: help@example.com\nSubject: {subject}\n\n{text}\n");

        Assert.Equal(EmailKind.Bounce, parsed.Kind);
    }

    [Theory]
    [InlineData("parcel")]
    [InlineData("Undelivered parcel")]
    public void A_person_who_was_unable_to_deliver_a_parcel_is_a_message(string subject)
    {
        var parsed = Parse($"From: Gus <gus@example.org>\nTo: help@example.com\nSubject: {subject}\n\nI was unable to deliver the parcel to your depot; it has been returned because the gate was shut.\n");

        Assert.Equal(EmailKind.Message, parsed.Kind);
    }
}
