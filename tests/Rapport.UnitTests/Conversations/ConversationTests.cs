using Rapport.Features.Conversations;
using Rapport.Features.Customers;

namespace Rapport.UnitTests.Conversations;

/// <summary>What the inbox row shows after messages join a conversation.</summary>
public sealed class ConversationTests
{
    private static readonly DateTime Stored = new(2026, 3, 2, 9, 0, 5, DateTimeKind.Utc);

    private static Message Email(string text, DateTime at) => new() { Channel = Channel.Email, Direction = MessageDirection.Inbound, From = "ann@example.com", Text = text, At = at };

    [Fact]
    public void The_first_message_sets_the_preview_even_when_written_before_the_conversation_was_stored()
    {
        var conversation = Conversation.Start(Guid.CreateVersion7(), "Ferry tickets", Channel.Email, Stored);

        conversation.Add(Email("Can I move our crossing?", Stored.AddSeconds(-5)));

        Assert.Equal("Can I move our crossing?", conversation.LastMessagePreview);
        Assert.Equal(Stored, conversation.LastMessageAt);
        Assert.Equal(1, conversation.MessageCount);
    }

    [Fact]
    public void A_later_message_that_arrives_after_an_older_one_keeps_the_newest_as_preview()
    {
        var conversation = Conversation.Start(Guid.CreateVersion7(), "Ferry tickets", Channel.Email, Stored);
        conversation.Add(Email("newest", Stored));

        conversation.Add(Email("older, delivered late", Stored.AddMinutes(-10)));

        Assert.Equal("newest", conversation.LastMessagePreview);
        Assert.Equal(2, conversation.MessageCount);
    }

    [Fact]
    public void A_later_email_written_before_the_conversation_was_stored_takes_the_preview()
    {
        // A backlog: the conversation is stored now, its emails were written hours ago, the second after the first.
        var conversation = Conversation.Start(Guid.CreateVersion7(), "Ferry tickets", Channel.Email, Stored);
        conversation.Add(Email("first", Stored.AddHours(-3)));

        conversation.Add(Email("second", Stored.AddHours(-2)));

        Assert.Equal("second", conversation.LastMessagePreview);
        Assert.Equal(Stored, conversation.LastMessageAt);
    }
}
