using Rapport.Features.Channels.Email;
using Rapport.TestData;

namespace Rapport.UnitTests.Channels.Email;

/// <summary>Every real-world email of shared/testdata/email, read the way its README says a correct system reads it.</summary>
public sealed class EmailParserTests
{
    private static ParsedEmail Parse(string name) => EmailParser.Parse(TestEmails.Read(name), $"<fallback.{name}@rapport.invalid>");

    public static TheoryData<string> AllEmails() => [.. TestEmails.All];

    [Fact]
    public void The_test_emails_are_found_beside_the_repository()
    {
        Assert.Equal(30, TestEmails.All.Count);
    }

    [Theory]
    [MemberData(nameof(AllEmails))]
    public void Every_email_parses_without_throwing_into_a_sender_and_readable_text_or_a_warning(string name)
    {
        var message = Parse(name).Message;

        Assert.False(string.IsNullOrWhiteSpace(message.Text), "Every parsed email has text to show.");
        Assert.Contains('@', message.From.Email ?? "");
        Assert.False(string.IsNullOrWhiteSpace(message.ProviderMessageId));
        Assert.True(message.ParseWarning is not null || message.Text != "(no readable text)", "No readable text comes with a warning.");
    }

    [Theory]
    [MemberData(nameof(AllEmails))]
    public void Auto_replies_bounces_and_read_receipts_are_recognised_and_everything_else_is_a_message(string name)
    {
        var expected = name switch
        {
            _ when name.StartsWith("autoreply-", StringComparison.Ordinal) => EmailKind.AutoReply,
            _ when name.StartsWith("bounce-", StringComparison.Ordinal) => EmailKind.Bounce,
            _ when name.StartsWith("mdn-", StringComparison.Ordinal) => EmailKind.ReadReceipt,
            _ => EmailKind.Message,
        };

        Assert.Equal(expected, Parse(name).Kind);
    }

    [Theory]
    [InlineData("bounce-postfix-to-helpdesk-via-o365.eml", "netec.test@netecgc.com")]
    [InlineData("bounce-office365-ndr-in-reply-to.eml", "noname@example.com")]
    public void A_bounce_names_the_address_that_failed(string name, string address)
    {
        Assert.Equal(address, Parse(name).BouncedAddress);
    }

    [Fact]
    public void A_message_that_is_not_a_bounce_names_no_failed_address()
    {
        Assert.Null(Parse("thread-1-saying-hello.eml").BouncedAddress);
    }

    [Fact]
    public void The_thread_root_has_its_message_id_and_sender()
    {
        var message = Parse("thread-1-saying-hello.eml").Message;

        Assert.Equal("<1234@local.machine.example>", message.ProviderMessageId);
        Assert.Equal("jdoe@machine.example", message.From.Email);
        Assert.Equal("John Doe", message.From.Name);
        Assert.Equal("Saying Hello", message.Subject);
        Assert.Null(message.InReplyTo);
        Assert.Contains("This is a message just to say hello.", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reply_names_its_parent_and_keeps_its_sender_with_the_reply_to_address_beside()
    {
        var message = Parse("thread-2-re-saying-hello.eml").Message;

        Assert.Equal("<1234@local.machine.example>", message.InReplyTo);
        Assert.Equal(["<1234@local.machine.example>"], message.References);
        Assert.Equal("mary@example.net", message.From.Email);
        Assert.Equal("Mary Smith", message.From.Name);
        Assert.Equal("smith@home.example", message.ReplyTo);
    }

    [Fact]
    public void A_reply_to_a_reply_keeps_the_whole_references_chain()
    {
        var message = Parse("thread-3-re-re-saying-hello.eml").Message;

        Assert.Equal("<abcd.1234@local.machine.tld>", message.ProviderMessageId);
        Assert.Equal("<3456@example.net>", message.InReplyTo);
        Assert.Equal(["<1234@local.machine.example>", "<3456@example.net>"], message.References);
    }

    [Fact]
    public void An_in_reply_to_listing_the_same_id_twice_names_it_once()
    {
        var message = Parse("autoreply-arabic-auto-submitted-dup-in-reply-to.eml").Message;

        Assert.Equal("<4e6e35f5a38b4_479f13bb90078178@small-app-01.mail>", message.InReplyTo);
    }

    [Fact]
    public void An_encoded_word_display_name_with_a_comma_is_one_sender()
    {
        var message = Parse("header-encoded-word-comma-in-name.eml").Message;

        Assert.Equal("foo.bar@example.com", message.From.Email);
        Assert.Equal("Foo, Bar", message.From.Name);
        Assert.Null(message.ParseWarning);
    }

    [Fact]
    public void A_BOM_prefixed_spoofed_from_line_is_never_taken_as_the_sender()
    {
        var message = Parse("hostile-bom-prefixed-spoofed-from.eml").Message;

        Assert.DoesNotContain("paypal", message.From.Email ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("paypal", message.From.Name ?? "", StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_smuggled_html_content_type_leaves_the_script_as_literal_text()
    {
        var message = Parse("hostile-nbsp-content-type-smuggling-script.eml").Message;

        Assert.Null(message.Html);
        Assert.Contains("<script>alert(1)</script>", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Thousands_of_encoded_words_in_the_to_header_are_capped()
    {
        var message = Parse("hostile-To-header-thousands-of-encoded-words.eml").Message;

        Assert.True((message.To ?? "").Length <= 500);
        Assert.Contains("Message Body", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Nested_messages_of_the_mime_torture_test_still_give_the_outer_text()
    {
        var message = Parse("mime-torture-nested-rfc822.eml").Message;

        Assert.Equal("Ryan Finnie's MIME Torture Test v1.0", message.Subject);
        Assert.Contains("Welcome to Ryan Finnie's MIME torture test.", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Base64_on_unwrapped_long_lines_is_decoded()
    {
        var message = Parse("long-line-unwrapped-base64-booking-reply.eml").Message;

        Assert.StartsWith("Hi Katharine.", message.Text.TrimStart(), StringComparison.Ordinal);
        Assert.Equal("Re: You've got a new booking inquiry!", message.Subject);
    }

    [Fact]
    public void An_html_only_email_gets_readable_text_from_its_html()
    {
        var message = Parse("html-only-inline-image.eml").Message;

        Assert.NotNull(message.Html);
        Assert.Contains("Search for höhö", message.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("<", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_multipart_alternative_keeps_both_text_and_html()
    {
        var message = Parse("thunderbird-cp1252-text-html-inline-image-attachment.eml").Message;

        Assert.Contains("Search for hähä", message.Text, StringComparison.Ordinal); // windows-1252 quoted-printable
        Assert.Contains("Search for höhö", message.Html, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_receipt_names_the_message_that_was_displayed()
    {
        var parsed = Parse("mdn-read-receipt-rfc3798.eml");

        Assert.Equal(EmailKind.ReadReceipt, parsed.Kind);
        Assert.Equal("<199509192301.23456@example.org>", parsed.DisplayedMessageId);
    }

    [Fact]
    public void A_receipt_that_says_deleted_names_nothing_as_read()
    {
        var raw = System.Text.Encoding.ASCII.GetBytes(System.Text.Encoding.ASCII.GetString(TestEmails.Read("mdn-read-receipt-rfc3798.eml"))
            .Replace("MDN-sent-manually; displayed", "MDN-sent-automatically; deleted", StringComparison.Ordinal));

        Assert.Null(EmailParser.Parse(raw, "<x@rapport.invalid>").DisplayedMessageId);
    }

    [Fact]
    public void An_ordinary_email_names_nothing_as_read()
    {
        Assert.Null(Parse("thread-2-re-saying-hello.eml").DisplayedMessageId);
    }
}
