using System.Net;
using Rapport.Features.Channels.Email;
using Rapport.Features.Search;
using Rapport.TestData;

namespace Rapport.UnitTests.Channels.Email;

/// <summary>
/// The kinds of real mail once hidden from agents or read wrongly (issue 14), from <see cref="MailCorpus"/>: each is read
/// as what it is, and whatever is taken for machine mail says why.
/// </summary>
public sealed class RealWorldMailTests
{
    private static ParsedEmail Parse(string mail) => EmailParser.Parse(MailCorpus.Bytes(mail), "<fallback@rapport.invalid>");

    [Fact]
    public void List_mail_written_by_a_person_is_a_message_marked_as_list_mail()
    {
        var parsed = Parse(MailCorpus.ListMailByAPerson());

        Assert.Equal(EmailKind.Message, parsed.Kind);
        Assert.Contains("List-Id", parsed.Message.Classification, StringComparison.Ordinal);
        Assert.Equal("priya@members.example.org", parsed.Message.From.Email);
    }

    [Fact]
    public void Precedence_bulk_alone_is_not_an_auto_reply()
    {
        var parsed = Parse(MailCorpus.ListMailByAPerson().Replace("List-Id: Users of the product <users.lists.example.org>\n", "", StringComparison.Ordinal)
            .Replace("List-Unsubscribe: <mailto:users-leave@lists.example.org>\n", "", StringComparison.Ordinal));

        Assert.Equal(EmailKind.Message, parsed.Kind);
        Assert.Contains("Precedence: bulk", parsed.Message.Classification, StringComparison.Ordinal);
    }

    [Fact]
    public void A_person_writing_from_postmaster_is_a_message_not_a_bounce()
    {
        var parsed = Parse(MailCorpus.PostmasterWritingAsAPerson());

        Assert.Equal(EmailKind.Message, parsed.Kind);
        Assert.Null(parsed.BouncedAddress);
    }

    [Fact]
    public void Mail_beginning_with_a_whitespace_line_keeps_its_sender_subject_and_attachment()
    {
        var parsed = Parse(MailCorpus.BeginsWithAWhitespaceLine());

        Assert.Equal("jonas@phone.example", parsed.Message.From.Email);
        Assert.Equal("Photo of the broken part", parsed.Message.Subject);
        Assert.Contains("broken hinge", parsed.Message.Text, StringComparison.Ordinal);
        Assert.Equal("hinge.png", Assert.Single(parsed.Files).FileName);
        Assert.Contains("blank line", parsed.Message.ParseWarning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delayed_delivery_notice_is_automatic_but_names_no_failed_address()
    {
        var parsed = Parse(MailCorpus.DelayedDeliveryNotice("slow@customer.example"));

        Assert.Equal(EmailKind.DelayNotice, parsed.Kind);
        Assert.True(parsed.IsAutomatic);
        Assert.Null(parsed.BouncedAddress);
        Assert.Contains("delayed", parsed.Message.Classification, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_text_bounce_from_a_bare_mailer_daemon_names_the_failed_address_and_the_status()
    {
        var parsed = Parse(MailCorpus.PlainTextBounceFromBareMailerDaemon("gone@customer.example"));

        Assert.Equal(EmailKind.Bounce, parsed.Kind);
        Assert.Equal("gone@customer.example", parsed.BouncedAddress);
        Assert.Contains("5.1.1", parsed.BounceReason, StringComparison.Ordinal);
        Assert.Contains("User unknown", parsed.BounceReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bounce_from_post_underscore_master_names_the_address_in_its_text()
    {
        var parsed = Parse(MailCorpus.BounceFromPostUnderscoreMaster("nobody@customer.example"));

        Assert.Equal(EmailKind.Bounce, parsed.Kind);
        Assert.Equal("nobody@customer.example", parsed.BouncedAddress);
        Assert.Contains("5.1.10", parsed.BounceReason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_delivery_status_bounce_stores_status_and_diagnostic_as_its_reason()
    {
        var parsed = EmailParser.Parse(TestEmails.Read("bounce-postfix-to-helpdesk-via-o365.eml"), "<f@rapport.invalid>");

        Assert.Equal(EmailKind.Bounce, parsed.Kind);
        Assert.Contains("5.1.1", parsed.BounceReason, StringComparison.Ordinal);
        Assert.Contains("netec.test@netecgc.com", parsed.BounceReason, StringComparison.Ordinal);
        Assert.NotEqual(parsed.Message.Subject, parsed.BounceReason);
    }

    [Fact]
    public void An_abuse_report_is_automatic()
    {
        var parsed = Parse(MailCorpus.AbuseReport());

        Assert.Equal(EmailKind.AbuseReport, parsed.Kind);
        Assert.Contains("feedback-report", parsed.Message.Classification, StringComparison.Ordinal);
    }

    [Fact]
    public void An_inline_forwarded_message_is_readable_text()
    {
        var parsed = Parse(MailCorpus.ForwardedInline());

        Assert.Contains("Forwarded message", parsed.Message.Text, StringComparison.Ordinal);
        Assert.Contains("The total of invoice 4411 is 120 EUR", parsed.Message.Text, StringComparison.Ordinal);
        Assert.Contains("billing@vendor.example", parsed.Message.Text, StringComparison.Ordinal);
        Assert.Null(parsed.Message.ParseWarning);
    }

    [Fact]
    public void Every_message_of_a_digest_is_readable_text()
    {
        var text = Parse(MailCorpus.Digest()).Message.Text;

        Assert.Contains("calendar sync stopped working", text, StringComparison.Ordinal);
        Assert.Contains("reconnecting the account fixed it", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Reply_to_is_kept_beside_the_sender_who_stays_the_customer()
    {
        var message = Parse(MailCorpus.WithReplyTo()).Message;

        Assert.Equal("ann@corp.example", message.From.Email);
        Assert.Equal("Ann Example", message.From.Name);
        Assert.Equal("tickets@corp.example", message.ReplyTo);
    }

    [Fact]
    public void An_rfc_3834_auto_reply_is_automatic_and_says_which_header()
    {
        var parsed = Parse(MailCorpus.OutOfOffice("away@corp.example"));

        Assert.Equal(EmailKind.AutoReply, parsed.Kind);
        Assert.Equal("Auto-Submitted: auto-replied", parsed.Message.Classification);
    }

    [Fact]
    public void A_tnef_attachment_is_offered_by_its_real_name()
    {
        var files = EmailParser.Parse(TestEmails.Read("tnef-winmail-koi8r.eml"), "<f@rapport.invalid>").Files;

        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.DoesNotContain("Untitled Attachment", f.FileName ?? "", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_search_snippet_never_cuts_an_emoji_in_half()
    {
        // The window starts 60 UTF-16 units before the match and is 200 long: both ends fall inside an emoji's surrogate pair.
        var text = string.Concat(Enumerable.Repeat("🙂", 40)) + " refund " + string.Concat(Enumerable.Repeat("🙂", 150));

        var snippet = WebUtility.HtmlDecode(SearchService.Highlight(text, ["refund"]).Replace("<mark>", "", StringComparison.Ordinal).Replace("</mark>", "", StringComparison.Ordinal));

        Assert.DoesNotContain('\uFFFD', snippet);
        Assert.StartsWith("…🙂", snippet, StringComparison.Ordinal);
        Assert.Contains("🙂 refund 🙂", snippet, StringComparison.Ordinal);
        Assert.EndsWith("🙂…", snippet, StringComparison.Ordinal);
    }
}
