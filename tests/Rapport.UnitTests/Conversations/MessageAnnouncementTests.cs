using Rapport.Features.Conversations;
using Rapport.Features.Conversations.Pages;
using Rapport.Features.Customers;

namespace Rapport.UnitTests.Conversations;

/// <summary>What the open conversation's live status says when messages arrive: who, and the first words.</summary>
public sealed class MessageAnnouncementTests
{
    private static readonly DateTime At = new(2026, 12, 5, 9, 30, 0, DateTimeKind.Utc);

    private static MessageDto Message(MessageDirection direction, string text, string? fromName = "Rosa Delgado", string? author = null, int minutes = 0) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), direction, Channel.Email, "rosa@example.com", fromName, null, null, text, null,
            At.AddMinutes(minutes), author, null, false, false, DeliveryState.None, null, 0, []);

    [Fact]
    public void A_customer_message_is_announced_with_the_sender_and_its_first_words()
    {
        var said = MessageAnnouncement.For([Message(MessageDirection.Inbound, "Hello, could we move the booking to Friday?")], "Amira Agent", "09:30");

        Assert.Equal("New message from Rosa Delgado at 09:30: “Hello, could we move the booking to Friday?”", said);
    }

    [Fact]
    public void The_sender_is_the_address_when_there_is_no_name_and_a_long_text_is_cut_after_twelve_words()
    {
        var said = MessageAnnouncement.For([Message(MessageDirection.Inbound, "one two three four five six seven eight nine ten eleven twelve thirteen", fromName: null)],
            null, "09:30");

        Assert.Equal("New message from rosa@example.com at 09:30: “one two three four five six seven eight nine ten eleven twelve…”", said);
    }

    [Fact]
    public void What_the_viewer_wrote_is_not_announced_but_a_colleague_s_note_is()
    {
        Assert.Null(MessageAnnouncement.For([Message(MessageDirection.Note, "Called her back.", author: "Amira Agent")], "Amira Agent", "09:30"));
        Assert.Equal("New note by Ben Okafor at 09:30: “Called her back.”",
            MessageAnnouncement.For([Message(MessageDirection.Note, "Called her back.", author: "Ben Okafor")], "Amira Agent", "09:30"));
    }

    [Fact]
    public void Several_arrivals_name_the_latest_and_say_how_many()
    {
        var said = MessageAnnouncement.For(
            [Message(MessageDirection.Inbound, "Second", minutes: 2), Message(MessageDirection.Inbound, "First", minutes: 1)], "Amira Agent", "09:32");

        Assert.Equal("New message from Rosa Delgado at 09:32 (2 new messages): “Second”", said);
    }

    [Fact]
    public void A_long_word_is_cut_on_whole_characters_never_half_an_emoji()
    {
        var words = MessageAnnouncement.FirstWords(new string('a', 89) + "🙂🙂");

        Assert.Equal(new string('a', 89) + "🙂…", words);
        Assert.DoesNotContain('\uFFFD', words);
    }
}
