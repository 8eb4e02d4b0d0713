using System.Globalization;
using Rapport.Infrastructure.Api;

namespace Rapport.Features.Conversations;

/// <summary>
/// The inbox list's order (latest activity first, then id, as <see cref="ConversationQueries.InboxAsync"/> returns it) and
/// how a live update changes the list in place.
/// </summary>
public static class InboxRows
{
    /// <summary>
    /// Puts each of <paramref name="fresh"/> at its place in <paramref name="items"/> (inserted, or moved and updated) and
    /// removes the <paramref name="changed"/> ids that are not in it: they left the view. A row that sorts after
    /// <paramref name="boundary"/> (the last row loaded while more exist) is left for "Load more" to read.
    /// </summary>
    public static void Apply(List<ConversationSummaryDto> items, IReadOnlyCollection<ConversationSummaryDto> fresh,
        IReadOnlyCollection<Guid> changed, ConversationSummaryDto? boundary)
    {
        items.RemoveAll(i => changed.Contains(i.Id));
        foreach (var row in fresh)
        {
            if (boundary is not null && Compare(row, boundary) > 0)
            {
                continue;
            }

            var at = items.FindIndex(i => Compare(row, i) < 0);
            items.Insert(at < 0 ? items.Count : at, row);
        }
    }

    /// <summary>Negative when <paramref name="a"/> comes first in the list.</summary>
    public static int Compare(ConversationSummaryDto a, ConversationSummaryDto b)
    {
        var byTime = b.LastMessageAt.CompareTo(a.LastMessageAt);
        return byTime != 0 ? byTime : b.Id.CompareTo(a.Id);
    }

    /// <summary>The "Load more" cursor that continues after <paramref name="last"/>.</summary>
    public static string CursorAfter(ConversationSummaryDto last) =>
        new Cursor(last.LastMessageAt.Ticks.ToString(CultureInfo.InvariantCulture), last.Id).Encode();
}
