using System.Text;
using Rapport.Features.Channels.Email;
using Rapport.Features.Conversations;

namespace Rapport.UnitTests.Channels.Email;

/// <summary>
/// Headers the ingestion pipeline could not store (found by <see cref="EmailParserProperties"/>) are replaced with a
/// warning, so the email is stored instead of stopping its mailbox at that UID.
/// </summary>
public sealed class UnstorableHeaderTests
{
    private static InboundMessage Parse(string email) => EmailParser.Parse(Encoding.UTF8.GetBytes(email.ReplaceLineEndings("\r\n")), "<fallback@rapport.invalid>").Message;

    [Theory]
    [InlineData("From: root@localhost")]
    [InlineData("From: a@b@c.example")]
    [InlineData("From: <>")]
    public void A_sender_address_that_cannot_be_matched_becomes_the_unknown_sender_with_a_warning(string from)
    {
        var message = Parse($"{from}\nSubject: hi\n\nBody\n");

        Assert.Equal("unknown@invalid.example", message.From.Email);
        Assert.Contains("sender", message.ParseWarning, StringComparison.Ordinal);
    }

    [Fact]
    public void A_message_id_too_long_to_be_a_key_is_replaced_by_the_fallback_id()
    {
        var message = Parse($"From: ann@example.com\nMessage-ID: <{new string('m', 600)}@example.com>\n\nBody\n");

        Assert.Equal("<fallback@rapport.invalid>", message.ProviderMessageId);
    }

    [Fact]
    public void References_too_long_to_be_keys_are_dropped()
    {
        var message = Parse($"From: ann@example.com\nIn-Reply-To: <{new string('r', 600)}@example.com>\nReferences: <a@example.com> <{new string('r', 600)}@example.com>\n\nBody\n");

        Assert.Null(message.InReplyTo);
        Assert.Equal(["<a@example.com>"], message.References);
    }

    [Fact]
    public void Text_over_the_storable_length_is_cut_with_a_warning()
    {
        var message = Parse($"From: ann@example.com\n\n{new string('x', Message.TextMaxLength + 10)}\n");

        Assert.Equal(Message.TextMaxLength, message.Text.Length);
        Assert.NotNull(message.ParseWarning);
    }
}
