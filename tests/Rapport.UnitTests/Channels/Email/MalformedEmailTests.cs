using Rapport.Features.Channels.Email;
using Rapport.TestData;

namespace Rapport.UnitTests.Channels.Email;

/// <summary>Broken MIME is shown as well as it can be, with a warning when it cannot: never dropped, never an exception.</summary>
public sealed class MalformedEmailTests
{
    private static Features.Conversations.InboundMessage Parse(string name) => EmailParser.Parse(TestEmails.Read(name), "<fallback@rapport.invalid>").Message;

    public static TheoryData<string> MalformedEmails() => [.. TestEmails.All.Where(n => n.StartsWith("malformed-", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(MalformedEmails))]
    public void A_malformed_email_gives_readable_text_or_a_parse_warning(string name)
    {
        var message = Parse(name);

        Assert.True(message.ParseWarning is not null || message.Text.Any(char.IsLetter),
            $"{name}: neither readable text nor a warning: '{message.Text}'");
    }

    [Fact]
    public void Raw_utf8_headers_and_a_boundary_that_never_matches_give_a_warning()
    {
        var message = Parse("malformed-raw-utf8-headers-bad-boundary.eml");

        Assert.NotNull(message.ParseWarning);
        Assert.Equal("headers@gmail.com", message.From.Email);
    }

    [Fact]
    public void The_text_part_after_an_empty_multipart_alternative_is_shown()
    {
        var message = Parse("malformed-empty-multipart-alternative.eml");

        Assert.Contains("This part should be on the same level as the multipart/alternative", message.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_final_boundary_still_shows_the_body()
    {
        Assert.Contains("Some body", Parse("malformed-missing-final-boundary.eml").Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_conflicting_content_type_headers_give_a_sensible_body()
    {
        Assert.Equal("foo", Parse("malformed-two-content-type-headers.eml").Text.Trim());
    }

    [Theory]
    [InlineData("malformed-missing-final-boundary.eml", "closing MIME boundary")]
    [InlineData("malformed-two-content-type-headers.eml", "2 Content-Type headers")]
    [InlineData("malformed-empty-multipart-alternative.eml", "multipart/alternative part is empty")]
    [InlineData("malformed-raw-utf8-headers-bad-boundary.eml", "the boundary it declares never begins a part")]
    public void A_structure_MimeKit_mends_silently_is_named_in_a_warning(string name, string warning)
    {
        Assert.Contains(warning, Parse(name).ParseWarning, StringComparison.Ordinal);
    }

    public static TheoryData<string> WellFormedEmails() => [.. TestEmails.All.Where(n => !n.StartsWith("malformed-", StringComparison.Ordinal)
        && !n.StartsWith("hostile-", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(WellFormedEmails))]
    public void A_well_formed_email_gets_no_structure_warning(string name)
    {
        var warning = Parse(name).ParseWarning ?? "";

        Assert.DoesNotContain("boundary", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("Content-Type headers", warning, StringComparison.Ordinal);
        Assert.DoesNotContain("part is empty", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void An_email_without_a_message_id_takes_the_fallback_id()
    {
        var message = EmailParser.Parse(TestEmails.Read("malformed-missing-final-boundary.eml"), "<imap.1.2@rapport.invalid>").Message;

        Assert.Equal("<imap.1.2@rapport.invalid>", message.ProviderMessageId);
    }

    [Fact]
    public void Bytes_that_are_not_an_email_at_all_are_kept_as_text_with_a_warning()
    {
        var message = EmailParser.Parse([], "<empty@rapport.invalid>").Message;

        Assert.False(string.IsNullOrWhiteSpace(message.Text));
        Assert.NotNull(message.ParseWarning);
        Assert.Equal("<empty@rapport.invalid>", message.ProviderMessageId);
    }
}
