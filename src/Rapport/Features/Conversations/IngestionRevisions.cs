using Microsoft.EntityFrameworkCore;
using Rapport.Features.Customers;
using Rapport.Infrastructure.Data;

namespace Rapport.Features.Conversations;

/// <summary>
/// The messages a batch's edits and split-message parts change. An edit replaces a stored message's text and keeps the
/// old text as a <see cref="MessageRevision"/>; a part joins its siblings and the text is rebuilt in part order. When
/// the message is not stored yet (the edit or a later part came first), the batch stores it from this item and later
/// items revise it — so every arrival order ends with one message.
/// </summary>
internal sealed class IngestionRevisions
{
    private readonly Dictionary<(Channel, string), Message> messages;
    private readonly Dictionary<Guid, List<SplitPart>> parts;
    /// <summary>The messages read from the database (the rest were stored by this batch and are written whole).</summary>
    private readonly HashSet<Message> stored = [];
    private readonly HashSet<Message> changed = [];

    private IngestionRevisions(Dictionary<(Channel, string), Message> messages, Dictionary<Guid, List<SplitPart>> parts)
    {
        this.messages = messages;
        this.parts = parts;
    }

    public static async Task<IngestionRevisions> LoadAsync(RapportDbContext db, IReadOnlyList<PreparedMessage> items, CancellationToken ct)
    {
        var targets = items.Where(i => i.Edits is not null || i.Part is not null).Select(i => i.StoredAs).Distinct().ToList();
        if (targets.Count == 0)
        {
            return new IngestionRevisions([], []);
        }

        var found = await db.Messages.AsNoTracking().Where(m => m.ProviderMessageId != null && targets.Contains(m.ProviderMessageId)).ToListAsync(ct);
        var ids = found.Select(m => m.Id).ToList();
        var siblings = await db.SplitParts.AsNoTracking().Where(p => ids.Contains(p.MessageId)).ToListAsync(ct);
        var revisions = new IngestionRevisions(found.ToDictionary(m => (m.Channel, m.ProviderMessageId!)),
            siblings.GroupBy(p => p.MessageId).ToDictionary(g => g.Key, g => g.ToList()));
        foreach (var message in found)
        {
            revisions.stored.Add(message);
        }

        return revisions;
    }

    /// <summary>Messages read from the database whose text changed: written back by <see cref="IngestionRows"/>.</summary>
    public IEnumerable<Message> Changed => changed;

    /// <summary>Applies an edit or a part to its message if it is known; false when the item must store it first.</summary>
    public bool TryApply(PreparedMessage item, IngestionRows rows, DateTime now, out IngestResult result)
    {
        result = default!;
        if (!messages.TryGetValue((item.Channel, item.StoredAs), out var message))
        {
            return false;
        }

        if (item.Part is { } part)
        {
            var known = parts.TryGetValue(message.Id, out var list) ? list : parts[message.Id] = [];
            if (known.Any(p => p.Index == part.Index))
            {
                result = new IngestResult(message.Id, message.ConversationId, message.CustomerId, true, false, false);
                return true;
            }

            var added = new SplitPart { MessageId = message.Id, Index = part.Index, Total = part.Total, Text = item.Text };
            known.Add(added);
            rows.Parts.Add(added);
            message.Text = Joined(known);
            message.ParseWarning = Incomplete(known, part.Total);
        }
        else if (message.EditedAt is null || message.EditedAt <= now)
        {
            rows.Revisions.Add(new MessageRevision { MessageId = message.Id, Text = message.Text, ReplacedAt = now });
            message.Text = item.Text;
            message.EditedAt = now;
        }

        if (stored.Contains(message))
        {
            changed.Add(message);
        }

        result = new IngestResult(message.Id, message.ConversationId, message.CustomerId, false, false, false);
        return true;
    }

    /// <summary>Remembers a message the batch just stored from an edit or a part, so later items of the batch revise it.</summary>
    public void StoredFrom(PreparedMessage item, Message message, IngestionRows rows, DateTime now)
    {
        if (item.Part is { } part)
        {
            var first = new SplitPart { MessageId = message.Id, Index = part.Index, Total = part.Total, Text = item.Text };
            parts[message.Id] = [first];
            rows.Parts.Add(first);
            message.ParseWarning = Incomplete(parts[message.Id], part.Total);
        }
        else if (item.Edits is not null)
        {
            message.EditedAt = now;
        }

        messages[(item.Channel, item.StoredAs)] = message;
    }

    private static string Joined(List<SplitPart> parts) => string.Concat(parts.OrderBy(p => p.Index).Select(p => p.Text));

    private static string? Incomplete(List<SplitPart> parts, int total)
    {
        var missing = Enumerable.Range(1, total).Except(parts.Select(p => p.Index)).ToList();
        return missing.Count == 0 ? null
            : $"Split message: part {string.Join(", ", missing)} of {total} has not arrived (yet); the text shows the parts received.";
    }
}
