using System.Text;
using Rapport.Features.Channels.Email;
using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Channels.Email;

/// <summary>
/// A person's words that a strict MIME parser puts out of reach, found by feeding real mail never seen before (the
/// corpus run in docs/reliability.md). Each message here is written for the test and stands for one seen there.
/// </summary>
public sealed class TextOutsideItsPlaceTests
{
    private static InboundMessage Parse(string raw) => EmailParser.Parse(Encoding.UTF8.GetBytes(raw.ReplaceLineEndings("\r\n")), "<fallback@rapport.invalid>").Message;

    [Fact]
    public void Text_under_a_multipart_header_with_no_parts_is_shown()
    {
        // Stands for an old mailer's message that declares multipart/mixed with a boundary and then writes plain text
        // (the attachment it meant to add replaced by a note), so every word sits in the multipart's preamble.
        var message = Parse("""
            From: Ann Carter <ann@example.org>
            To: help@example.com
            Subject: The photo you asked for
            Date: Tue, 3 Mar 2026 10:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="NEVER-USED"

            Hello,

            here is the photo of the broken hinge.

            [Non-text (image/jpeg) part of message omitted]
            """);

        Assert.Contains("photo of the broken hinge", message.Text, StringComparison.Ordinal);
        Assert.Contains("never begins a part", message.ParseWarning, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_under_a_multipart_alternative_without_a_boundary_is_shown()
    {
        // Stands for a webmail message whose Content-Type says multipart/alternative and names no boundary at all.
        var message = Parse("""
            From: "Bea Lund" <bea@example.net>
            To: help@example.com
            Subject: 77120
            MIME-Version: 1.0
            Content-Type: multipart/alternative;

            Please cancel order 77120, it arrived twice.
            """);

        Assert.Contains("cancel order 77120", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_written_straight_after_the_headers_without_a_blank_line_is_shown()
    {
        // Stands for a script-sent message whose first line of text follows the last header with no blank line between.
        var message = Parse("""
            From: carl@example.com
            To: help@example.com
            Subject: printer still jams
            the printer jams on every second page, since the update
            and the tray light blinks.
            """);

        Assert.Equal("carl@example.com", message.From.Email);
        Assert.Equal("printer still jams", message.Subject);
        Assert.Contains("jams on every second page", message.Text, StringComparison.Ordinal);
        Assert.Contains("no blank line between its headers and its text", message.ParseWarning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_whose_body_is_truly_empty_still_says_so()
    {
        var message = Parse("""
            From: dan@example.com
            To: help@example.com
            Subject: (empty)
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="B"

            --B

            --B--
            """);

        Assert.Equal("(no readable text)", message.Text);
        Assert.Contains("No text or HTML body", message.ParseWarning, StringComparison.Ordinal);
    }
}
