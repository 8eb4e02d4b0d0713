using Rapport.Features.Conversations;
using Rapport.Features.Customers;

namespace Rapport.UnitTests.Conversations;

/// <summary>A live update changes the inbox list in place: new rows at their place, moved rows moved, rows that left removed.</summary>
public sealed class InboxRowsTests
{
    private static readonly DateTime Noon = new(2026, 3, 2, 12, 0, 0, DateTimeKind.Utc);

    private static ConversationSummaryDto Row(Guid id, int minutes, string preview = "") =>
        new(id, Guid.Empty, "Customer", "Subject", ConversationStatus.Open, Channel.Email, null, null, Noon, Noon.AddMinutes(minutes), preview, 1);

    private readonly Guid a = Guid.CreateVersion7(), b = Guid.CreateVersion7(), c = Guid.CreateVersion7(), d = Guid.CreateVersion7();

    [Fact]
    public void A_new_conversation_goes_to_the_top_and_one_with_a_new_message_moves_up_updated()
    {
        List<ConversationSummaryDto> items = [Row(a, 30), Row(b, 20), Row(c, 10)];

        InboxRows.Apply(items, [Row(d, 40), Row(c, 35, "new words")], [d, c], boundary: null);

        Assert.Equal([d, c, a, b], items.Select(i => i.Id));
        Assert.Equal("new words", items[1].LastMessagePreview);
    }

    [Fact]
    public void A_changed_conversation_missing_from_the_answer_left_the_view_and_is_removed()
    {
        List<ConversationSummaryDto> items = [Row(a, 30), Row(b, 20), Row(c, 10)];

        InboxRows.Apply(items, [], [b], boundary: null);

        Assert.Equal([a, c], items.Select(i => i.Id));
    }

    [Fact]
    public void A_row_older_than_the_last_loaded_one_is_left_for_load_more_when_more_exist()
    {
        List<ConversationSummaryDto> items = [Row(a, 30), Row(b, 20)];

        InboxRows.Apply(items, [Row(c, 5), Row(d, 25)], [c, d], boundary: items[^1]);

        Assert.Equal([a, d, b], items.Select(i => i.Id));
    }

    [Fact]
    public void Applying_the_same_change_twice_leaves_one_row()
    {
        List<ConversationSummaryDto> items = [Row(a, 30)];

        InboxRows.Apply(items, [Row(b, 40)], [b], boundary: null);
        InboxRows.Apply(items, [Row(b, 40)], [b], boundary: null);

        Assert.Equal([b, a], items.Select(i => i.Id));
    }
}
